import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/config/config.js';
import { createLogger, scrubPhones } from '../../server/src/ops/logger.js';
import { openStore, type Store } from '../../server/src/storage/clickhouse.js';
import { clickhouseEnv } from '../helpers/clickhouse-mode.js';
import { testClock } from '../helpers/clock.js';
import { post, STORE_DEPS, TOKENS, tempDataDir } from '../helpers/server.js';

const NOW = Date.parse('2026-11-20T06:00:00Z');
/** The digits that must never appear, with or without +86, whatever the formatting. */
const DIGITS = '13912345678';
const PHONE = `+86${DIGITS}`;

describe('logs never contain a phone number', () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  let app: App;
  let store: Store;
  let url: string;
  beforeAll(async () => {
    const config = loadConfig({
      ...TOKENS,
      FLOOR_TZ: 'Asia/Shanghai',
      LOG_LEVEL: 'trace',
      DATA_DIR: tempDataDir('ops-logs'),
      INGEST_FLUSH_MS: '5',
      ...clickhouseEnv('ops-logs'),
    });
    store = await openStore(config, STORE_DEPS);
    app = await createApp({ config, store, scheduler: testClock(NOW), logger: createLogger(config, sink) });
    url = `http://127.0.0.1:${(await app.listen(0, '127.0.0.1')).port}`;
  });
  afterAll(async () => {
    await app.close();
  });

  it('after ingesting dials with a phone, good and bad, and logging errors that mention one', async () => {
    const dial = { id: 'l1', type: 'call.dialed', ts: NOW - 1000, teamId: 't', agentId: 'a', callId: 'c1', channel: 'human', phone: PHONE };
    expect((await post(`${url}/api/v1/events`, dial)).status).toBe(200);
    const bad = [
      { ...dial, id: 'l2', channel: 'fax' },
      { ...dial, id: 'l3', phone: `${PHONE}${'9'.repeat(80)}` },
    ];
    expect((await post(`${url}/api/v1/events`, bad)).body.rejected).toHaveLength(2);
    expect((await post(`${url}/api/v1/events`, `{"phone":"${PHONE}"`, undefined, 'application/x-ndjson')).status).toBe(400);
    // What careless code might do: log an event, a request, an error message with a number in it.
    app.log.info({ event: dial, req: { headers: { authorization: `Bearer ${TOKENS.INGEST_TOKEN}` } } }, 'debugging an event');
    app.log.error({ err: new Error(`dial to ${PHONE} failed`), events: [dial] }, `retry for 139 1234 5678 and ${DIGITS}`);
    app.log.warn(`customer 86-${DIGITS} hung up`);

    const all = lines.join('\n');
    expect(lines.length).toBeGreaterThan(3);
    expect(all).toContain('live windows rebuilt from ClickHouse');
    expect(all).toContain('debugging an event');
    expect(all).not.toContain(DIGITS);
    expect(all).not.toMatch(/139[ -]?1234[ -]?5678/);
    expect(all).not.toContain(TOKENS.INGEST_TOKEN);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  });

  it('the scrub leaves epoch milliseconds and ids alone', () => {
    expect(scrubPhones('{"time":1795134682478,"id":"e139","n":12}')).toBe('{"time":1795134682478,"id":"e139","n":12}');
    expect(scrubPhones('call +8613912345678 or 139 1234 5678 or +442079460958')).toBe('call [phone] or [phone] or [phone]');
  });
});
