import path from 'node:path';
import { type ClickHouseClient, ClickHouseLogLevel, createClient } from '@clickhouse/client';
import type { Logger } from 'pino';
import type { SchedulerLike } from 'rxjs';
import { loadEnginePasswords } from '../auth/tokens.js';
import type { Config } from '../config/config.js';
import { EngineProcess } from './engine/engine-process.js';
import { migrateLegacyEmbedded } from './engine/legacy.js';
import { driftedMinutes, rebuildMinutes } from './integrity/agent-minute-repair.js';

/** Thrown when ClickHouse cannot be written or read; HTTP maps it to 503. */
export class StoreUnavailableError extends Error {}

export interface Store {
  /** FloorPulse's own user: its tables, inserts, migrations. */
  client: ClickHouseClient;
  /** The analysts' user (read-only views, limits as ClickHouse constraints); null when none is configured. */
  analyst: ClickHouseClient | null;
  /** FloorPulse's own database (CLICKHOUSE_DATABASE). */
  database: string;
  /** The analysts' database of views (analyst_<database>). */
  analystDatabase: string;
  /** ClickHouse's HTTP address (the engine's 127.0.0.1 port, or CLICKHOUSE_URL): for logs. */
  url: string;
  /** 'embedded' (FloorPulse's own ClickHouse child process) or 'server' (CLICKHOUSE_URL). */
  mode: 'embedded' | 'server';
  /** False while the embedded engine is down or restarting (a server: always true; /readyz pings it). */
  up(): boolean;
  close(): Promise<void>;
}

/** The analysts' database for a FloorPulse database (its grant in deploy/clickhouse/users.d is analyst_*). */
export function analystDatabaseOf(database: string): string {
  return `analyst_${database}`;
}

/**
 * One code path for both modes: @clickhouse/client over HTTP. On loopback nothing is compressed
 * (it costs CPU on both sides and saves nothing), and connections are kept alive.
 */
function client(url: string, username: string, password: string, database: string): ClickHouseClient {
  return createClient({
    url,
    username,
    password,
    database,
    compression: { request: false, response: false },
    keep_alive: { enabled: true },
    max_open_connections: 16,
    // Errors reach the caller as exceptions; the client's own console log would bypass the log scrubber.
    log: { level: ClickHouseLogLevel.OFF },
  });
}

export interface OpenStoreDeps {
  scheduler: SchedulerLike;
  log: Logger;
}

/**
 * ClickHouse for FloorPulse: with CLICKHOUSE_URL a server; without it, FloorPulse's own engine — the
 * ClickHouse of the chdb package run as a supervised child process with the users and grants of
 * deploy/clickhouse/users.d (docs/operations.md, "The embedded engine"). Same SQL, same users.
 */
export async function openStore(config: Config, deps: OpenStoreDeps): Promise<Store> {
  const database = config.CLICKHOUSE_DATABASE;
  const analystDatabase = analystDatabaseOf(database);
  if (config.CLICKHOUSE_URL) {
    const user = config.CLICKHOUSE_USER ?? 'floorpulse';
    const bootstrap = client(config.CLICKHOUSE_URL, user, config.CLICKHOUSE_PASSWORD ?? '', 'system');
    // Identifiers, validated by the config schema: DDL takes no bound parameters.
    try {
      await bootstrap.command({ query: `CREATE DATABASE IF NOT EXISTS ${database}` });
      await bootstrap.command({ query: `CREATE DATABASE IF NOT EXISTS ${analystDatabase}` });
    } finally {
      await bootstrap.close();
    }
    const app = client(config.CLICKHOUSE_URL, user, config.CLICKHOUSE_PASSWORD ?? '', database);
    const analyst =
      config.CLICKHOUSE_ANALYST_PASSWORD === undefined
        ? null
        : client(config.CLICKHOUSE_URL, config.CLICKHOUSE_ANALYST_USER, config.CLICKHOUSE_ANALYST_PASSWORD, analystDatabase);
    return {
      client: app,
      analyst,
      database,
      analystDatabase,
      url: config.CLICKHOUSE_URL,
      mode: 'server',
      up: () => true,
      async close() {
        await Promise.all([app.close(), analyst?.close()]);
      },
    };
  }

  const passwords = loadEnginePasswords(config);
  const dataDir = path.resolve(config.DATA_DIR, 'clickhouse');
  const engineOptions = {
    dataDir,
    appRoot: config.APP_ROOT,
    cacheDir: config.ENGINE_CACHE_DIR,
    passwords,
    port: config.CLICKHOUSE_ENGINE_PORT,
    scheduler: deps.scheduler,
    log: deps.log.child({ stage: 'engine' }),
  };
  await migrateLegacyEmbedded(engineOptions, database);
  const engine = new EngineProcess(engineOptions);
  await engine.start();
  const bootstrap = client(engine.url, 'floorpulse', passwords.app, 'system');
  try {
    await bootstrap.command({ query: `CREATE DATABASE IF NOT EXISTS ${database}` });
    await bootstrap.command({ query: `CREATE DATABASE IF NOT EXISTS ${analystDatabase}` });
  } finally {
    await bootstrap.close();
  }
  const app = client(engine.url, 'floorpulse', passwords.app, database);
  const analyst = client(engine.url, 'analyst', passwords.analyst, analystDatabase);
  const recovery = afterRestarts(engine, app, database, deps);
  return {
    client: app,
    analyst,
    database,
    analystDatabase,
    url: engine.url,
    mode: 'embedded',
    up: () => engine.isUp && !recovery.repairing(),
    async close() {
      recovery.stop();
      await Promise.all([app.close(), analyst.close()]);
      await engine.stop();
    },
  };
}

/** 2 min before the engine was seen down: an insert it cut in two started after that (storage/integrity). */
const MARGIN_MS = 120_000;

/**
 * An engine that died may have died between the two writes of an insert (call_events, then agent_minute):
 * when it is back, the minutes touched since just before it went down are compared and rebuilt, and the
 * store reports itself up (ingest writes again) only then. A start does the same in checkIntegrity.
 */
function afterRestarts(
  engine: EngineProcess,
  app: ClickHouseClient,
  database: string,
  deps: OpenStoreDeps,
): { repairing(): boolean; stop(): void } {
  let downSince: number | null = null;
  let repair: Promise<void> | null = null;
  const sub = engine.up$.subscribe((up) => {
    if (!up) {
      downSince ??= deps.scheduler.now();
      return;
    }
    if (downSince === null) return;
    const since = downSince - MARGIN_MS;
    downSince = null;
    repair = (async () => {
      const minutes = await driftedMinutes(app, database, since);
      if (minutes.length > 0) {
        deps.log.error(
          { check: 'agent_minute', minutes: minutes.length },
          'INTEGRITY: agent_minute differed from call_events after the engine restarted: rebuilding those minutes',
        );
        await rebuildMinutes(app, database, minutes);
      }
    })()
      .catch((err: unknown) => deps.log.error({ err }, 'INTEGRITY: agent_minute could not be checked after the engine restarted'))
      .finally(() => {
        repair = null;
      });
  });
  return { repairing: () => repair !== null, stop: () => sub.unsubscribe() };
}
