import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from '@clickhouse/client';
import { pino } from 'pino';
import { asyncScheduler } from 'rxjs';
import type { TestProject } from 'vitest/node';
import { detectAppRoot } from '../../server/src/config/app-root.js';
import { EngineProcess } from '../../server/src/storage/engine/engine-process.js';
import type { TestClickHouse } from '../helpers/clickhouse-mode.js';

declare module 'vitest' {
  export interface ProvidedContext {
    clickhouse: TestClickHouse;
  }
}

/**
 * The `server` test project's ClickHouse: one ClickHouse 26.7 server for the whole run (the chdb
 * package's engine through the launcher, as `npm run clickhouse` starts it) with the repo's own
 * users.d and fresh passwords. Every test file gets a database of its own on it (clickhouse-mode.ts).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'fp-ch-server-'));
  const appRoot = detectAppRoot();
  const passwords = { app: randomBytes(12).toString('hex'), analyst: randomBytes(12).toString('hex') };
  const engine = new EngineProcess({
    dataDir: path.join(dir, 'clickhouse'),
    appRoot,
    cacheDir: path.join(appRoot, 'node_modules', '.cache', 'floorpulse'),
    passwords,
    port: 0,
    scheduler: asyncScheduler,
    log: pino({ level: 'warn' }, process.stderr),
  });
  await engine.start();
  // users.d gives the analyst default_database analyst_floorpulse, which ClickHouse checks at every login
  // even when a request names another database: it must exist, as it does on any floor's server.
  const app = createClient({ url: engine.url, username: 'floorpulse', password: passwords.app });
  try {
    await app.command({ query: 'CREATE DATABASE IF NOT EXISTS analyst_floorpulse' });
  } finally {
    await app.close();
  }
  project.provide('clickhouse', { url: engine.url, appPassword: passwords.app, analystPassword: passwords.analyst });
  return async () => {
    await engine.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
