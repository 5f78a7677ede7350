import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testClock } from '../helpers/clock.js';
import { liveAndSql } from '../helpers/live-vs-sql.js';
import { get, post, startServer, type TestServer, tempDataDir } from '../helpers/server.js';

const expected = JSON.parse(readFileSync(new URL('../fixtures/golden-floor.expected.json', import.meta.url), 'utf8'));
const ndjson = readFileSync(new URL('../fixtures/golden-floor.ndjson', import.meta.url), 'utf8');
type Case = {
  scope: string;
  window: string;
  from: string;
  to: string;
  counts: Record<string, number>;
  rates: Record<string, number | null>;
};

describe('the golden floor through the real server', () => {
  const clock = testClock(Date.parse(expected.now));
  const dataDir = tempDataDir('golden');
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer({ dataDir, scheduler: clock });
    // File order: out-of-order and duplicate deliveries included, in batches like a dialer would send them.
    const lines = ndjson.trim().split('\n');
    let accepted = 0;
    let duplicates = 0;
    for (let i = 0; i < lines.length; i += 100) {
      const res = await post(`${server.url}/api/v1/events`, lines.slice(i, i + 100).join('\n'), undefined, 'application/x-ndjson');
      expect(res.status).toBe(200);
      expect(res.body.rejected).toEqual([]);
      accepted += res.body.accepted;
      duplicates += res.body.duplicates;
    }
    expect(accepted).toBe(expected.uniqueEvents);
    expect(duplicates).toBe(expected.events - expected.uniqueEvents);
  });
  afterAll(async () => {
    await server.stop();
  });

  it.each(expected.cases as Case[])('$scope over $window matches the expected counts and rates', async (c) => {
    const res = await get(`${server.url}/api/v1/rates?scope=${encodeURIComponent(c.scope)}&window=${c.window}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ scope: c.scope, window: c.window, from: c.from, to: c.to, counts: c.counts, rates: c.rates });
  });

  it.each(expected.cases as Case[])('$scope over $window equals SQL over call_events for the reported [from, to)', async (c) => {
    const { live, sql } = await liveAndSql(server, c.scope, c.window);
    expect(live.counts).toEqual(sql);
  });

  it('fills agent_minute with the same counts as call_events, agent by agent', async () => {
    const rs = await server.store.client.query({
      query: `SELECT agent_id, sum(dialed) AS dialed, sum(answered) AS answered, sum(ended) AS ended, sum(early_hangups) AS earlyHangups,
                     sum(effective) AS effective, sum(sales) AS sales, sum(leads) AS leads, sum(talk_seconds) AS talkSeconds
              FROM agent_minute WHERE minute >= {from:DateTime} AND minute < {to:DateTime} GROUP BY agent_id ORDER BY agent_id`,
      query_params: { from: '2026-11-19 16:00:00', to: '2026-11-20 07:30:00' },
      format: 'JSONEachRow',
      clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
    });
    const rows = await rs.json<Record<string, number | string>>();
    expect(rows.length).toBe(8);
    for (const row of rows) {
      const live = (await get(`${server.url}/api/v1/rates?scope=agent:${row.agent_id}&window=today`)).body.counts;
      const { agent_id: _agent, ...sums } = row;
      expect(sums).toEqual({
        dialed: live.dialed,
        answered: live.answered,
        ended: live.ended,
        earlyHangups: live.earlyHangups,
        effective: live.effective,
        sales: live.sales,
        leads: live.leads,
        talkSeconds: live.talkSeconds,
      });
    }
  });

  it('keeps every window after a restart, and a re-sent floor is all duplicates', async () => {
    const before = await get(`${server.url}/api/v1/rates?scope=floor&window=today`);
    await server.stop();
    server = await startServer({ dataDir, scheduler: clock });
    const after = await get(`${server.url}/api/v1/rates?scope=floor&window=today`);
    expect(after.body).toEqual(before.body);
    const again = await post(`${server.url}/api/v1/events`, ndjson, undefined, 'application/x-ndjson');
    expect(again.body).toMatchObject({ accepted: 0, duplicates: expected.events, rejected: [] });
    const unchanged = await get(`${server.url}/api/v1/rates?scope=floor&window=today`);
    expect(unchanged.body).toEqual(before.body);
  });
});
