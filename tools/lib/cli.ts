import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Role } from '@floorpulse/shared';

/** A CLI mistake: printed as one line, exit code 2. */
export class UsageError extends Error {}

/** "90s", "15m", "2h", "1d" or plain milliseconds → ms. */
export function parseDuration(text: string, name: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(text.trim());
  if (!m) throw new UsageError(`--${name}: expected a duration such as 90s, 15m, 2h or 1d`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] ?? 'ms'] ?? 1;
  return Math.round(Number(m[1]) * unit);
}

export function parseInteger(text: string | undefined, name: string, def: number, min: number, max: number): number {
  if (text === undefined) return def;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name}: expected an integer from ${min} to ${max}`);
  return n;
}

export function parseNumber(text: string | undefined, name: string, def: number, min: number, max: number): number {
  if (text === undefined) return def;
  const n = Number(text);
  if (!Number.isFinite(n) || n < min || n > max) throw new UsageError(`--${name}: expected a number from ${min} to ${max}`);
  return n;
}

/**
 * The token for a role: --token, else the one the server generated into <data-dir>/secrets.json
 * (so a local `npm run simulate` just works against a local `npm start`).
 */
export function tokenFor(role: Role, given: string | undefined, dataDir: string): string {
  if (given) return given;
  const file = path.resolve(dataDir, 'secrets.json');
  if (existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as Partial<Record<Role, string>>;
    const t = saved[role];
    if (t) return t;
  }
  throw new UsageError(`--token: no ${role} token given and none found in ${file}`);
}

/** Runs a CLI's main: usage errors exit 2 with one line, anything else exits 1. */
export function runCli(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      if (e instanceof UsageError) {
        console.error(e.message);
        process.exit(2);
      }
      console.error(e instanceof Error ? e.message : String(e));
      process.exit(1);
    },
  );
}
