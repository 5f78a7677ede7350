import { z } from 'zod';

/**
 * Zod's schemas (the shared contracts) compile their parsers with `new Function` unless told not to,
 * and probe for it at schema creation: under the server's Content-Security-Policy (script-src 'self',
 * no 'unsafe-eval') the probe is a reported violation. Imported first in main.ts, before any schema exists.
 */
z.config({ jitless: true });
