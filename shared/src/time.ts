import { z } from 'zod';

/** An instant as the server writes it: ISO-8601 UTC, as Date.prototype.toISOString gives it. */
export const isoTime = z.iso.datetime({ offset: false });
