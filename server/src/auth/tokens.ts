import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Role } from '@floorpulse/shared';
import type { Config } from '../config/config.js';

const ENV_NAMES: Record<Role, keyof Config> = {
  ingest: 'INGEST_TOKEN',
  viewer: 'VIEWER_TOKEN',
  supervisor: 'SUPERVISOR_TOKEN',
  analyst: 'ANALYST_TOKEN',
  admin: 'ADMIN_TOKEN',
};

export interface Secrets {
  tokens: Record<Role, string>;
  phoneHashSecret: string;
  /** The file holding generated secrets, when any were generated. */
  file: string | null;
  generated: Role[];
}

/**
 * Tokens from the environment; any not configured is generated once and kept in DATA_DIR/secrets.json
 * (mode 0600), so the server never runs open and restarts keep the same tokens.
 */
export function loadSecrets(config: Config): Secrets {
  const file = path.resolve(config.DATA_DIR, 'secrets.json');
  const saved: Partial<Record<Role | 'phoneHashSecret', string>> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const generated: Role[] = [];
  const tokens = {} as Record<Role, string>;
  for (const role of Object.keys(ENV_NAMES) as Role[]) {
    const fromEnv = config[ENV_NAMES[role]];
    if (typeof fromEnv === 'string') tokens[role] = fromEnv;
    else {
      tokens[role] = saved[role] ?? `${role}_${randomBytes(18).toString('base64url')}`;
      if (!saved[role]) generated.push(role);
      saved[role] = tokens[role];
    }
  }
  const phoneHashSecret = config.PHONE_HASH_SECRET ?? saved.phoneHashSecret ?? randomBytes(32).toString('base64url');
  const needFile = !config.PHONE_HASH_SECRET || (Object.keys(ENV_NAMES) as Role[]).some((r) => typeof config[ENV_NAMES[r]] !== 'string');
  if (!config.PHONE_HASH_SECRET) saved.phoneHashSecret = phoneHashSecret;
  if (needFile) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(saved, null, 2), { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return { tokens, phoneHashSecret, file: needFile ? file : null, generated };
}

/** The embedded engine's ClickHouse passwords: generated once into DATA_DIR/secrets.json, never shown. */
export interface EnginePasswords {
  app: string;
  analyst: string;
}

/**
 * The passwords of the embedded engine's `floorpulse` and `analyst` users (deploy/clickhouse/users.d),
 * generated at first start into the same 0600 file as the tokens. A ClickHouse server (CLICKHOUSE_URL)
 * has its own: CLICKHOUSE_PASSWORD and CLICKHOUSE_ANALYST_PASSWORD.
 */
export function loadEnginePasswords(config: Pick<Config, 'DATA_DIR'>): EnginePasswords {
  const file = path.resolve(config.DATA_DIR, 'secrets.json');
  const saved: Record<string, unknown> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const engine = (typeof saved.engine === 'object' && saved.engine !== null ? saved.engine : {}) as Partial<EnginePasswords>;
  if (typeof engine.app === 'string' && typeof engine.analyst === 'string') return { app: engine.app, analyst: engine.analyst };
  const passwords = {
    app: engine.app ?? randomBytes(24).toString('base64url'),
    analyst: engine.analyst ?? randomBytes(24).toString('base64url'),
  };
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ ...saved, engine: passwords }, null, 2), { mode: 0o600 });
  chmodSync(file, 0o600);
  return passwords;
}

/** The role a presented token grants, compared in constant time; null for none. Admin wins a tie. */
export function roleOf(tokens: Record<Role, string>, presented: string | undefined | null): Role | null {
  if (!presented) return null;
  const given = Buffer.from(presented);
  let found: Role | null = null;
  for (const role of ['ingest', 'viewer', 'supervisor', 'analyst', 'admin'] as Role[]) {
    const want = Buffer.from(tokens[role]);
    if (want.length === given.length && timingSafeEqual(want, given)) found = role;
  }
  return found;
}
