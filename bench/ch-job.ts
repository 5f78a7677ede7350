/**
 * ClickHouse work for the harness, in its own process: chDB binds one data directory per process,
 * so the harness (which runs several scenarios, each with its own directory) never opens one itself.
 * Prints one line `RESULT <json>`.
 */
import { loadConfig } from '../server/src/config/config.js';
import { openStore } from '../server/src/storage/clickhouse.js';
import { migrate } from '../server/src/storage/migrate.js';
import { countRows, historySeries, seedEvents } from './lib/ch-jobs.js';
import { naiveBaseline } from './lib/naive.js';
import { STORE_DEPS } from './lib/store-deps.js';

const job = JSON.parse(process.argv[2] ?? '{}') as { dataDir: string; kind: string; [k: string]: unknown };
const store = await openStore(loadConfig({ DATA_DIR: job.dataDir }), STORE_DEPS);
await migrate(store.client, 400);
let result: unknown;
const p = job as never;
switch (job.kind) {
  case 'count':
    result = await countRows(store.client, job.prefix as string);
    break;
  case 'seed':
    result = await seedEvents(store.client, p);
    break;
  case 'history':
    result = await historySeries(store.client, p);
    break;
  case 'naive':
    result = await naiveBaseline(store.client, p);
    break;
  default:
    throw new Error(`unknown job ${job.kind}`);
}
await store.close();
process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
process.exit(0);
