import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testClock } from '../helpers/clock.js';
import { post, startServer, type TestServer, tempDataDir } from '../helpers/server.js';

const NOW = Date.parse('2026-11-20T07:30:00.000Z');
const HOUR = 3_600_000;

describe('duplicates beyond the in-memory horizon', () => {
  const clock = testClock(NOW);
  const dataDir = tempDataDir('dedupe');
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ dataDir, scheduler: clock, env: { DEDUPE_MEMORY_MINUTES: '10' } });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('are still refused days later, through ClickHouse, and across a restart', async () => {
    const old = { id: 'backfill-1', type: 'call.dialed', ts: NOW - 2 * HOUR, teamId: 't', agentId: 'a', callId: 'c1', channel: 'robot' };
    expect((await post(`${server.url}/api/v1/events`, [old])).body).toMatchObject({ accepted: 1 });
    clock.advance(3 * 24 * HOUR); // the in-memory id slices are long gone
    expect((await post(`${server.url}/api/v1/events`, [old])).body).toMatchObject({ accepted: 0, duplicates: 1 });
    await server.stop();
    server = await startServer({ dataDir, scheduler: clock, env: { DEDUPE_MEMORY_MINUTES: '10' } });
    expect((await post(`${server.url}/api/v1/events`, [old])).body).toMatchObject({ accepted: 0, duplicates: 1 });
    const rs = await server.store.client.query({
      query: "SELECT count() AS n FROM call_events WHERE id = 'backfill-1'",
      format: 'JSONEachRow',
    });
    expect(Number((await rs.json<{ n: string }>())[0]?.n)).toBe(1);
  });

  it('store a late event once when two requests bring it at the same moment', async () => {
    const late = (n: number) => ({
      id: `late-${n}`,
      type: 'call.dialed',
      ts: clock.now() - 5 * HOUR + n,
      teamId: 't',
      agentId: 'a',
      callId: `late-c${n}`,
      channel: 'human',
    });
    const batch = Array.from({ length: 50 }, (_, n) => late(n));
    // Both requests look the ids up in ClickHouse (they are older than the id memory): the second must wait for the first.
    const [a, b] = await Promise.all([post(`${server.url}/api/v1/events`, batch), post(`${server.url}/api/v1/events`, batch)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const bodies = [a.body, b.body] as { accepted: number; duplicates: number }[];
    expect(bodies.map((x) => x.accepted).sort((x, y) => x - y)).toEqual([0, 50]);
    expect(bodies.map((x) => x.duplicates).sort((x, y) => x - y)).toEqual([0, 50]);
    const rs = await server.store.client.query({
      query: "SELECT count() AS n, uniqExact(id) AS u FROM call_events WHERE startsWith(id, 'late-')",
      format: 'JSONEachRow',
    });
    expect(await rs.json()).toEqual([{ n: 50, u: 50 }]);
  });
});
