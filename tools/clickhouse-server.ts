/**
 * `npm run clickhouse -- --data-dir ./data-ch --port 8123`: a ClickHouse server for FloorPulse's
 * server mode (CLICKHOUSE_URL) on a machine without one — the same ClickHouse 26.7 as the embedded
 * engine (the chdb package, server/src/storage/engine/), with the repo's own users
 * (deploy/clickhouse/users.d): passwords from FLOORPULSE_CH_APP_PASSWORD and
 * FLOORPULSE_CH_ANALYST_PASSWORD, as a ClickHouse server reads them. The tests and the benchmarks run
 * FloorPulse against it. It is clickhouse-local serving HTTP, not a replacement for a production
 * ClickHouse server (docs/operations.md, "The embedded engine").
 *
 * Prints one line `{"url":…}` once it answers; stops on SIGTERM or SIGINT.
 */

import path from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { asyncScheduler } from 'rxjs';
import { detectAppRoot } from '../server/src/config/app-root.js';
import { EngineProcess } from '../server/src/storage/engine/engine-process.js';
import { parseInteger, UsageError } from './lib/cli.js';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'data-dir': { type: 'string' }, port: { type: 'string' }, host: { type: 'string' } } });
  const dataDir = path.resolve(values['data-dir'] ?? './data-clickhouse');
  const port = parseInteger(values.port, 'port', 8123, 1, 65535);
  const app = process.env.FLOORPULSE_CH_APP_PASSWORD;
  const analyst = process.env.FLOORPULSE_CH_ANALYST_PASSWORD;
  if (!app || !analyst)
    throw new UsageError('set FLOORPULSE_CH_APP_PASSWORD and FLOORPULSE_CH_ANALYST_PASSWORD (the users of deploy/clickhouse/users.d)');
  const appRoot = detectAppRoot();
  const engine = new EngineProcess({
    dataDir: path.join(dataDir, 'clickhouse'),
    appRoot,
    cacheDir: path.join(appRoot, 'node_modules', '.cache', 'floorpulse'),
    passwords: { app, analyst },
    port,
    scheduler: asyncScheduler,
    log: pino({ level: 'warn' }, process.stderr),
  });
  await engine.start();
  process.stdout.write(`${JSON.stringify({ url: engine.url, pid: engine.pid })}\n`);
  const stop = () => void engine.stop().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(e instanceof UsageError ? 2 : 1);
});
