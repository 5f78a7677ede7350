import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { asyncScheduler, type SchedulerLike } from 'rxjs';
import { createAnalystViews } from '../../server/src/analyst/analyst-views.js';
import { type App, type AppDeps, createApp } from '../../server/src/app.js';
import { type Config, loadConfig } from '../../server/src/config/config.js';
import { localParts } from '../../server/src/pipeline/time/local-day.js';
import { openStore, type Store } from '../../server/src/storage/clickhouse.js';
import { migrate } from '../../server/src/storage/migrate.js';
import { clickhouseEnv } from './clickhouse-mode.js';

export const TOKENS = {
  INGEST_TOKEN: 'ingest-token-0123456789',
  VIEWER_TOKEN: 'viewer-token-0123456789',
  SUPERVISOR_TOKEN: 'supervisor-token-0123456789',
  ANALYST_TOKEN: 'analyst-token-0123456789',
  ADMIN_TOKEN: 'admin-token-0123456789',
} as const;

export interface TestServer {
  app: App;
  store: Store;
  config: Config;
  url: string;
  dataDir: string;
  /** Stops the app but keeps the store (its engine) open: a restart in the same test reuses it. */
  stop(): Promise<void>;
  /** Stops the app and its engine: the next start on this data directory starts a new engine. */
  stopAll(): Promise<void>;
}

/**
 * The store's own clock and log: the embedded engine is a real child process (its start and restarts
 * wait in real time), whatever clock the app under test runs on.
 */
export const STORE_DEPS = { scheduler: asyncScheduler, log: pino({ level: 'silent' }) };

/** One data directory per test file. */
export function tempDataDir(name: string): string {
  return mkdtempSync(path.join(tmpdir(), `fp-${name}-`));
}

/**
 * A ClickHouse of its own with the schema and the analysts' views, and no app: tests of the schema
 * itself. Embedded: an engine on a fresh data directory; the `server` project: a fresh database.
 */
export async function openSchemaStore(name: string): Promise<Store> {
  const config = loadConfig({ DATA_DIR: tempDataDir(name), ...clickhouseEnv(name) });
  const store = await openStore(config, STORE_DEPS);
  await migrate(store.client, 400);
  await createAnalystViews(store.client, config.CLICKHOUSE_DATABASE, store.analystDatabase);
  return store;
}

/** "HH:MM-HH:MM", three hours either side of `now` in `zone` (a window may wrap midnight: compliance-checks.ts). */
export function callHoursAround(now: number, zone: string): string {
  const hhmm = (ms: number) => {
    const p = localParts(ms, zone);
    return `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
  };
  return `${hhmm(now - 3 * 3_600_000)}-${hhmm(now + 3 * 3_600_000)}`;
}

/** A data directory keeps its database across restarts in the `server` project, as its engine does. */
const databaseOfDir = new Map<string, Record<string, string>>();

let openStoreFor: { dir: string; store: Store } | null = null;

/**
 * The real server on port 0 over the embedded ClickHouse in `dataDir` (in the `server` project, over
 * the run's ClickHouse server, a database per data directory). Restarting in the same
 * process reuses the store (its engine child process); `stop()` closes only the app, `stopAll()` both.
 * `goalsView`: passed on to createApp (in place of the goals service's progress, or null for none).
 */
export async function startServer(opts: {
  dataDir: string;
  scheduler: SchedulerLike;
  env?: Record<string, string>;
  goalsView?: AppDeps['goalsView'];
  /** A fixed port (a restart a browser must find again at the same address); default: any free one. */
  port?: number;
}): Promise<TestServer> {
  if (!databaseOfDir.has(opts.dataDir)) databaseOfDir.set(opts.dataDir, clickhouseEnv(path.basename(opts.dataDir)));
  const zone = opts.env?.FLOOR_TZ ?? 'Asia/Shanghai';
  const config = loadConfig({
    ...TOKENS,
    FLOOR_TZ: zone,
    LOG_LEVEL: 'silent',
    DATA_DIR: opts.dataDir,
    ...databaseOfDir.get(opts.dataDir),
    INGEST_FLUSH_MS: '5',
    // On the real clock a test's calls happen now: legal calling hours around now, so that a sale
    // celebrates whatever the hour the suite runs (after 21:00 in Shanghai every dial was outside_hours,
    // and a sale on a violating call earns no celebration). A test about hours sets CALL_HOURS itself.
    ...(opts.scheduler === asyncScheduler ? { CALL_HOURS: callHoursAround(Date.now(), zone) } : {}),
    ...opts.env,
  });
  if (!openStoreFor || openStoreFor.dir !== opts.dataDir) openStoreFor = { dir: opts.dataDir, store: await openStore(config, STORE_DEPS) };
  const store = openStoreFor.store;
  const goals = opts.goalsView !== undefined ? { goalsView: opts.goalsView } : {};
  const app = await createApp({ config, store, scheduler: opts.scheduler, logger: pino({ level: 'silent' }), ...goals });
  const addr = await app.listen(opts.port ?? 0, '127.0.0.1');
  return {
    app,
    store,
    config,
    url: `http://127.0.0.1:${addr.port}`,
    dataDir: opts.dataDir,
    stop: () => app.close(),
    async stopAll() {
      await app.close();
      if (openStoreFor?.store === store) openStoreFor = null;
      await store.close();
    },
  };
}

export async function post(
  url: string,
  body: string | object,
  token: string = TOKENS.INGEST_TOKEN,
  contentType = 'application/json',
  // biome-ignore lint/suspicious/noExplicitAny: a test reads whatever the server answered, good or deliberately bad
): Promise<{ status: number; body: any }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

// biome-ignore lint/suspicious/noExplicitAny: a test reads whatever the server answered
export async function get(url: string, token: string = TOKENS.VIEWER_TOKEN): Promise<{ status: number; body: any }> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}
