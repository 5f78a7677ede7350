import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Logger } from 'pino';
import { EngineUnavailableError, ensureLauncher, libchdbPath } from './launcher.js';

const run = promisify(execFile);

/** A one-shot engine run as its own administrator: no listener, so nobody else can reach it meanwhile. */
const ADMIN_USERS = `<clickhouse><profiles><default/></profiles><quotas><default/></quotas><users><default><no_password/>
<networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota>
<grants><query>GRANT ALL ON *.*</query></grants></default></users></clickhouse>`;

/**
 * Data written before the engine ran as a child process (chDB in-process, 0.1) lives in the engine's
 * `default` database. Moved once, before the first start, into FloorPulse's database: tables are
 * renamed (instant, nothing is copied) and materialized views dropped, because a view keeps the old
 * database's names inside it; migration 0007 creates agent_minute_mv again over the moved tables.
 */
export async function migrateLegacyEmbedded(
  o: { dataDir: string; appRoot: string; cacheDir: string; log: Logger },
  database: string,
): Promise<void> {
  const legacy = path.join(o.dataDir, 'metadata', 'default');
  if (!existsSync(legacy)) return;
  const tables = readdirSync(legacy)
    .filter((f) => f.endsWith('.sql'))
    .map((f) => f.slice(0, -4));
  if (tables.length === 0) return;
  const views = tables.filter((t) => /^ATTACH\s+MATERIALIZED\s+VIEW/i.test(readFileSync(path.join(legacy, `${t}.sql`), 'utf8')));
  const moved = tables.filter((t) => !views.includes(t));
  const dir = path.join(path.dirname(o.dataDir), 'engine-legacy');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(path.join(dir, 'users.xml'), ADMIN_USERS, { mode: 0o600 });
  writeFileSync(
    path.join(dir, 'config.xml'),
    `<clickhouse><logger><level>error</level><console>1</console></logger>
<user_directories><users_xml><path>${path.join(dir, 'users.xml')}</path></users_xml></user_directories></clickhouse>`,
    { mode: 0o600 },
  );
  // Names come from the engine's own metadata file names; quoted as identifiers.
  const q = (name: string) => `\`${name.replace(/`/g, '``')}\``;
  const statements = [
    `CREATE DATABASE IF NOT EXISTS ${q(database)}`,
    ...views.map((v) => `DROP VIEW default.${q(v)}`),
    ...(moved.length ? [`RENAME TABLE ${moved.map((t) => `default.${q(t)} TO ${q(database)}.${q(t)}`).join(', ')}`] : []),
  ];
  // The engine prints an error and goes on to exit 0: the last statement's answer says all went through.
  statements.push("SELECT 'moved'");
  try {
    const { stdout } = await run(
      ensureLauncher(o.appRoot, o.cacheDir),
      [
        libchdbPath(o.appRoot),
        `--config-file=${path.join(dir, 'config.xml')}`,
        `--path=${path.resolve(o.dataDir)}/`,
        `--query=${statements.join('; ')}`,
      ],
      { env: { PATH: '/usr/bin:/bin' } },
    );
    if (stdout.trim() !== 'moved') throw new Error('the engine refused a statement (its stderr says which)');
  } catch (e) {
    throw new EngineUnavailableError(
      `moving the data of an earlier version into ${database} failed: ${e instanceof Error ? e.message : String(e)}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  o.log.warn(
    { moved, dropped: views, database },
    "data of an earlier FloorPulse (engine database `default`) moved into FloorPulse's database",
  );
}
