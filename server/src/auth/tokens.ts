import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { TOKEN_ROLES, type TokenRole } from '@floorpulse/shared';
import type { Config } from '../config/config.js';

const ENV_NAMES: Record<TokenRole, keyof Config> = {
  ingest: 'INGEST_TOKEN',
  viewer: 'VIEWER_TOKEN',
  supervisor: 'SUPERVISOR_TOKEN',
  analyst: 'ANALYST_TOKEN',
  admin: 'ADMIN_TOKEN',
};

export interface Secrets {
  tokens: Record<TokenRole, string>;
  phoneHashSecret: string;
  /** The key of the people's session cookies (SESSION_SECRET, else generated). */
  sessionSecret: string;
  /** The file holding generated secrets, when any were generated. */
  file: string | null;
  generated: TokenRole[];
}

/**
 * Tokens from the environment; any not configured is generated once and kept in DATA_DIR/secrets.json
 * (mode 0600), so the server never runs open and restarts keep the same tokens.
 */
export function loadSecrets(config: Config): Secrets {
  const file = path.resolve(config.DATA_DIR, 'secrets.json');
  const saved: Partial<Record<TokenRole | 'phoneHashSecret' | 'sessionSecret', string>> = existsSync(file)
    ? JSON.parse(readFileSync(file, 'utf8'))
    : {};
  const generated: TokenRole[] = [];
  const tokens = {} as Record<TokenRole, string>;
  for (const role of Object.keys(ENV_NAMES) as TokenRole[]) {
    const fromEnv = config[ENV_NAMES[role]];
    if (typeof fromEnv === 'string') tokens[role] = fromEnv;
    else {
      tokens[role] = saved[role] ?? `${role}_${randomBytes(18).toString('base64url')}`;
      if (!saved[role]) generated.push(role);
      saved[role] = tokens[role];
    }
  }
  const phoneHashSecret = config.PHONE_HASH_SECRET ?? saved.phoneHashSecret ?? randomBytes(32).toString('base64url');
  const sessionSecret = config.SESSION_SECRET ?? saved.sessionSecret ?? randomBytes(32).toString('base64url');
  const needFile =
    !config.PHONE_HASH_SECRET ||
    !config.SESSION_SECRET ||
    (Object.keys(ENV_NAMES) as TokenRole[]).some((r) => typeof config[ENV_NAMES[r]] !== 'string');
  if (!config.PHONE_HASH_SECRET) saved.phoneHashSecret = phoneHashSecret;
  if (!config.SESSION_SECRET) saved.sessionSecret = sessionSecret;
  if (needFile) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(saved, null, 2), { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return { tokens, phoneHashSecret, sessionSecret, file: needFile ? file : null, generated };
}

/** Keeps the generated first admin's password in DATA_DIR/secrets.json (0600), beside the tokens; returns the file. */
export function keepFirstAdminPassword(config: Pick<Config, 'DATA_DIR'>, password: string): string {
  const file = path.resolve(config.DATA_DIR, 'secrets.json');
  const saved: Record<string, unknown> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ ...saved, firstAdminPassword: password }, null, 2), { mode: 0o600 });
  chmodSync(file, 0o600);
  return file;
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
export function roleOf(tokens: Record<TokenRole, string>, presented: string | undefined | null): TokenRole | null {
  if (!presented) return null;
  const given = Buffer.from(presented);
  let found: TokenRole | null = null;
  for (const role of TOKEN_ROLES) {
    const want = Buffer.from(tokens[role]);
    if (want.length === given.length && timingSafeEqual(want, given)) found = role;
  }
  return found;
}
