import path from 'node:path';
import { build } from '../../tools/build/build.js';
import { TARGETS } from '../../tools/build/targets.js';
import { SERVER_MAIN } from '../../tools/demo/server-child.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');

/** The compiled server as `npm start` runs it (dist/), built first if missing or older than its sources. */
export function compiledServer(): { cmd: string; args: string[] } {
  build(
    ROOT,
    TARGETS.filter((t) => t.name === 'server'),
    { onlyStale: true, typecheck: false },
  );
  return { cmd: process.execPath, args: ['--enable-source-maps', path.join(ROOT, SERVER_MAIN)] };
}
