import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ASSETS } from '../../config/app-root.js';

/** The users of FloorPulse's ClickHouse, shared with a ClickHouse server (docker-compose mounts the same folder). */
export const USERS_D = ASSETS.engineUsers;

/** The environment variables the users file reads its passwords from (`<password from_env=…>`). */
export const PASSWORD_ENV = { app: 'FLOORPULSE_CH_APP_PASSWORD', analyst: 'FLOORPULSE_CH_ANALYST_PASSWORD' } as const;

/**
 * clickhouse-local authenticates its own session as `default` from 127.0.0.1 with no password, and
 * that session is the one that starts the HTTP listener. Network rules cannot tell it apart from any
 * other local client (ClickHouse treats every loopback address alike), so `default` is made useless
 * instead: its only grant is SYSTEM LISTEN, and its quota of 2 queries in 10 years is spent by the
 * launcher's own two statements (start listening; block) before anyone else can connect.
 */
const LAUNCHER_USERS = `<clickhouse>
    <profiles><default/></profiles>
    <quotas>
        <default/>
        <launcher><interval><duration>315360000</duration><queries>2</queries></interval></launcher>
    </quotas>
    <users>
        <default>
            <no_password/>
            <networks><ip>127.0.0.1</ip></networks>
            <profile>default</profile>
            <quota>launcher</quota>
            <grants><query>GRANT SYSTEM LISTEN ON *.*</query></grants>
        </default>
    </users>
</clickhouse>
`;

/**
 * Server settings for one FloorPulse floor on a shared machine: errors only on the console (FloorPulse
 * logs them, scrubbed), no query log (an analyst's text could quote a phone), caches sized for a box
 * that also runs Node.
 */
function serverConfig(usersFile: string, userFiles: string): string {
  return `<clickhouse>
    <logger><level>error</level><console>1</console></logger>
    <!-- An empty folder for the scalar file(). clickhouse-local does not confine file() to it (any path
         the process can read), which is why the analyst's statements are checked for it as well
         (analyst/analyst-sql.ts); a server does confine it. -->
    <user_files_path>${userFiles}/</user_files_path>
    <user_directories><users_xml><path>${usersFile}</path></users_xml></user_directories>
    <mark_cache_size>268435456</mark_cache_size>
    <uncompressed_cache_size>0</uncompressed_cache_size>
    <max_server_memory_usage_to_ram_ratio>0.5</max_server_memory_usage_to_ram_ratio>
</clickhouse>
`;
}

/**
 * The repo's users file with each `<password from_env="…"/>` replaced by the password's SHA-256: the
 * engine then needs no secret in its environment or in its files (an analyst who found a way to read
 * /proc/self/environ or its config would learn nothing to log in with).
 */
export function withHashedPasswords(xml: string, passwords: Readonly<Record<keyof typeof PASSWORD_ENV, string>>): string {
  let out = xml;
  for (const [who, env] of Object.entries(PASSWORD_ENV) as [keyof typeof PASSWORD_ENV, string][]) {
    const hex = createHash('sha256').update(passwords[who]).digest('hex');
    out = out.replaceAll(`<password from_env="${env}"/>`, `<password_sha256_hex>${hex}</password_sha256_hex>`);
  }
  return out;
}

/**
 * Writes the engine's config into `dir` at every start (never edited by hand: it is rebuilt from the
 * repo's users.d), and returns the config file to pass as --config-file.
 */
export function writeEngineFiles(
  dir: string,
  appRoot: string,
  passwords: Readonly<Record<keyof typeof PASSWORD_ENV, string>>,
): { config: string; userFiles: string } {
  const usersD = path.join(dir, 'users.d');
  rmSync(usersD, { recursive: true, force: true });
  mkdirSync(usersD, { recursive: true, mode: 0o700 });
  const source = path.join(appRoot, USERS_D);
  for (const f of readdirSync(source).filter((n) => n.endsWith('.xml'))) {
    writeFileSync(path.join(usersD, f), withHashedPasswords(readFileSync(path.join(source, f), 'utf8'), passwords), { mode: 0o600 });
  }
  const users = path.join(dir, 'users.xml');
  writeFileSync(users, LAUNCHER_USERS, { mode: 0o600 });
  const userFiles = path.join(dir, 'user_files');
  rmSync(userFiles, { recursive: true, force: true });
  mkdirSync(userFiles, { recursive: true, mode: 0o700 });
  const config = path.join(dir, 'config.xml');
  writeFileSync(config, serverConfig(users, userFiles), { mode: 0o600 });
  return { config, userFiles };
}
