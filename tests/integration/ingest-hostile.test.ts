import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testClock } from '../helpers/clock.js';
import { post, startServer, type TestServer, tempDataDir } from '../helpers/server.js';

const NOW = Date.parse('2026-11-20T07:30:00.000Z');
const DAY = 86_400_000;
const dial = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  type: 'call.dialed',
  ts: NOW - 60_000,
  teamId: 'hostile',
  agentId: 'h1',
  callId: `call-${id}`,
  channel: 'human',
  ...extra,
});

describe('hostile ingest: one client can never fail another client’s events', () => {
  const clock = testClock(NOW);
  const dataDir = tempDataDir('ingest-hostile');
  let server: TestServer;
  const count = async (ids: string[]) => {
    const rs = await server.store.client.query({
      query: 'SELECT id, count() AS n FROM call_events WHERE id IN {ids:Array(String)} GROUP BY id',
      query_params: { ids },
      format: 'JSONEachRow',
    });
    return Object.fromEntries((await rs.json<{ id: string; n: string }>()).map((r) => [r.id, Number(r.n)]));
  };
  beforeAll(async () => {
    server = await startServer({ dataDir, scheduler: clock });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('a lone high surrogate ("agentId":"\\ud800x") is a 400 naming agentId, and the 20 concurrent good requests are stored', async () => {
    // The body exactly as the attacker sent it: JSON text with the escape, not a JS string.
    const poison = JSON.stringify(dial('sur-poison', { agentId: '@@' })).replace('"@@"', '"\\ud800x"');
    const good = Array.from({ length: 20 }, (_, i) => dial(`sur-good-${i}`));
    const [bad, ...oks] = await Promise.all([
      post(`${server.url}/api/v1/events`, poison),
      ...good.map((e) => post(`${server.url}/api/v1/events`, [e])),
    ]);
    expect(bad.status).toBe(400);
    expect(bad.body.rejected).toEqual([{ index: 0, error: 'agentId: is not well-formed Unicode' }]);
    expect(oks.map((r) => r.status)).toEqual(good.map(() => 200));
    expect(await count(good.map((e) => e.id))).toEqual(Object.fromEntries(good.map((e) => [e.id, 1])));
  });

  it('a lone low surrogate in an id is a 400 naming id, and nothing of it is stored (it would not be found again after a restart)', async () => {
    const body = JSON.stringify(dial('@@')).replace('"@@"', '"low-\\udc00"');
    const res = await post(`${server.url}/api/v1/events`, body);
    expect(res.status).toBe(400);
    expect(res.body.rejected).toEqual([{ index: 0, error: 'id: is not well-formed Unicode' }]);
    const rs = await server.store.client.query({
      query: "SELECT count() AS n FROM call_events WHERE startsWith(id, 'low-')",
      format: 'JSONEachRow',
    });
    expect(Number((await rs.json<{ n: string }>())[0]?.n)).toBe(0);
  });

  it('a submission ClickHouse refuses is a 400 for that request only: the 20 concurrent good ones are 200 and stored once', async () => {
    // Valid to the contract, refused by the table: a constraint stands in for whatever ClickHouse may refuse in data.
    await server.store.client.command({ query: "ALTER TABLE call_events ADD CONSTRAINT no_poison CHECK agent_id != 'poison-agent'" });
    try {
      const poison = [dial('ch-poison-1', { agentId: 'poison-agent' }), dial('ch-poison-2')];
      const good = Array.from({ length: 20 }, (_, i) => dial(`ch-good-${i}`));
      const [bad, ...oks] = await Promise.all([
        post(`${server.url}/api/v1/events`, poison),
        ...good.map((e) => post(`${server.url}/api/v1/events`, [e])),
      ]);
      expect(oks.map((r) => [r.status, r.body.accepted])).toEqual(good.map(() => [200, 1]));
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({
        error: 'body: ClickHouse refused these events: a value breaks a constraint of the table (VIOLATED_CONSTRAINT)',
        accepted: 0,
        duplicates: 0,
      });
      expect(await count([...good.map((e) => e.id), 'ch-poison-1', 'ch-poison-2'])).toEqual(Object.fromEntries(good.map((e) => [e.id, 1])));
    } finally {
      await server.store.client.command({ query: 'ALTER TABLE call_events DROP CONSTRAINT no_poison' });
    }
    // Nothing of the refused request was remembered: once the data is fixed, it lands.
    const fixed = await post(`${server.url}/api/v1/events`, [dial('ch-poison-1'), dial('ch-poison-2')]);
    expect(fixed.body).toMatchObject({ accepted: 2, duplicates: 0 });
  });

  it('stays a 503 for everyone while the store is down', async () => {
    await server.store.client.command({ query: 'RENAME TABLE call_events TO call_events_away' });
    try {
      const results = await Promise.all(Array.from({ length: 5 }, (_, i) => post(`${server.url}/api/v1/events`, [dial(`down-${i}`)])));
      expect(results.map((r) => r.status)).toEqual([503, 503, 503, 503, 503]);
    } finally {
      await server.store.client.command({ query: 'RENAME TABLE call_events_away TO call_events' });
    }
  });

  it('rejects an event older than the retention instead of acknowledging what the TTL drops at once', async () => {
    const res = await post(`${server.url}/api/v1/events`, [
      dial('old-1', { ts: NOW - 401 * DAY }),
      dial('young-1', { ts: NOW - 300 * DAY }),
    ]);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accepted: 1, rejected: [{ index: 0, error: 'ts: is older than the retention (400 days)' }] });
    expect(await count(['old-1', 'young-1'])).toEqual({ 'young-1': 1 });
  });
});
