/**
 * One FloorPulse process for multi-process tests (chDB binds one data directory per process).
 * Env: DATA_DIR, REDIS_URL, and CLICKHOUSE_* for a shared ClickHouse server. Prints `{"port":N}` once listening. Reads JSON lines on stdin to
 * push into the rules stage's outputs, as the rules would: {"celebration":…} or {"alert":…}; and
 * {"query":sql,"reply":id} reads this process's own ClickHouse, answering `{"reply":id,"rows":[…]}`.
 */
import { createInterface } from 'node:readline';
import { pino } from 'pino';
import { asyncScheduler } from 'rxjs';
import { createApp } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/config/config.js';
import { openStore } from '../../server/src/storage/clickhouse.js';
import { STORE_DEPS, TOKENS } from './server.js';

const config = loadConfig({
  ...TOKENS,
  FLOOR_TZ: 'Asia/Shanghai',
  LOG_LEVEL: 'silent',
  INGEST_FLUSH_MS: '5',
  DATA_DIR: process.env.DATA_DIR,
  REDIS_URL: process.env.REDIS_URL,
  ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('CLICKHOUSE_'))),
  // The same key on every process, as production must have it: phone hashes match across processes.
  PHONE_HASH_SECRET: 'cluster-phone-hash-secret-0123',
  SESSION_SECRET: 'cluster-session-secret-0123456789abcdef',
});
const store = await openStore(config, STORE_DEPS);
const app = await createApp({ config, store, scheduler: asyncScheduler, logger: pino({ level: 'silent' }) });
const addr = await app.listen(0, '127.0.0.1');
process.stdout.write(`${JSON.stringify({ port: addr.port })}\n`);

for await (const line of createInterface({ input: process.stdin })) {
  const msg = JSON.parse(line);
  if (msg.celebration) app.celebrations$.next(msg.celebration);
  if (msg.alert) app.alerts$.next(msg.alert);
  if (msg.query) {
    const rs = await store.client.query({
      query: msg.query,
      format: 'JSONEachRow',
      clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
    });
    process.stdout.write(`${JSON.stringify({ reply: msg.reply, rows: await rs.json() })}\n`);
  }
}
// stdin closed: the test is done with this process.
await app.close();
await store.close();
process.exit(0);
