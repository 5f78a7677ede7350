import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../lib/cli.js';

const MARKER = '.floorpulse-demo';

/**
 * A fresh demo data directory. The demo never touches real data: it only empties a directory it
 * created itself (it carries a marker file), and refuses any other non-empty one.
 */
export function freshDemoDir(dir: string): string {
  const abs = path.resolve(dir);
  if (existsSync(abs) && readdirSync(abs).length > 0) {
    if (!existsSync(path.join(abs, MARKER))) throw new UsageError(`${dir} holds data that is not a demo's: choose another --data-dir`);
    rmSync(abs, { recursive: true, force: true });
  }
  mkdirSync(abs, { recursive: true });
  writeFileSync(path.join(abs, MARKER), 'Created by `npm run demo`: simulated data only, emptied at every demo start.\n');
  return abs;
}
