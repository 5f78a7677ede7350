import type { Alert, Celebration } from '@floorpulse/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testClock } from '../helpers/clock.js';
import { eventually } from '../helpers/eventually.js';
import { liveAndSql } from '../helpers/live-vs-sql.js';
import { get, post, startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';

const NOW = Date.parse('2026-11-20T06:00:00Z'); // 14:00 in Shanghai
const SUP = TOKENS.SUPERVISOR_TOKEN;
const MIN = 60_000;

/** One agent's call at `ts`: dialled, answered, a sale, and a QA violation on it. */
const morningCall = (n: number, ts: number) => [
  { id: `d${n}`, type: 'call.dialed', ts, teamId: 'north', agentId: `n${n % 3}`, callId: `c${n}`, channel: 'human' },
  { id: `a${n}`, type: 'call.answered', ts: ts + 5000, teamId: 'north', agentId: `n${n % 3}`, callId: `c${n}` },
  { id: `o${n}`, type: 'call.outcome', ts: ts + 60_000, teamId: 'north', agentId: `n${n % 3}`, callId: `c${n}`, outcome: 'sale' },
  ...(n % 2
    ? [
        {
          id: `f${n}`,
          type: 'compliance.flag',
          ts: ts + 70_000,
          teamId: 'north',
          agentId: `n${n % 3}`,
          callId: `c${n}`,
          rule: 'script',
          severity: 'violation',
        },
      ]
    : []),
];

describe('live horizon: a backfilled morning is stored and counted, and opens no alert or celebration', () => {
  const clock = testClock(NOW);
  let server: TestServer;
  const celebrations: Celebration[] = [];
  const alerts = async () => (await get(`${server.url}/api/v1/alerts`, SUP)).body.alerts as Alert[];
  beforeAll(async () => {
    server = await startServer({ dataDir: tempDataDir('live-horizon'), scheduler: clock });
    server.app.celebrations$.subscribe((c) => celebrations.push(c));
  });
  afterAll(async () => server.stop());

  it('sends this morning 09:00–13:40 at once: every call counts, no card, no confetti', async () => {
    // 09:00 local onwards, one call every 10 min; the last one 20 min before now: all beyond the 15 min horizon.
    const events = Array.from({ length: 29 }, (_, i) => morningCall(i, NOW - 5 * 60 * MIN + i * 10 * MIN)).flat();
    events.push({ id: 'help-old', type: 'help.requested', ts: NOW - 3 * 60 * MIN, teamId: 'north', agentId: 'n1' } as never);
    const res = await post(`${server.url}/api/v1/events`, events);
    expect(res.body).toMatchObject({ accepted: events.length, rejected: [] });
    const { live, sql } = await eventually('counted', async () => {
      const r = await liveAndSql(server, 'floor', 'today');
      return r.live.counts.dialed === 29 ? r : undefined;
    });
    expect(live.counts).toMatchObject({ dialed: 29, sales: 29, violations: 14 });
    expect(live.counts).toEqual(sql);

    // A live help request after the batch: once its alert shows, the batch before it was evaluated too.
    await post(`${server.url}/api/v1/events`, [{ id: 'help-now', type: 'help.requested', ts: NOW - MIN, teamId: 'north', agentId: 'n2' }]);
    await eventually('live help', async () => (await alerts()).find((a) => a.id === 'help:help-now'));
    expect((await alerts()).map((a) => a.id)).toEqual(['help:help-now']);
    expect(celebrations.filter((c) => c.kind === 'sale')).toEqual([]);
  });

  it('a sale and a violation 5 min old are live: a celebration and an alert', async () => {
    await post(`${server.url}/api/v1/events`, morningCall(101, NOW - 5 * MIN).slice(0, 3));
    await post(`${server.url}/api/v1/events`, morningCall(103, NOW - 5 * MIN));
    await eventually('sale celebrated', async () => celebrations.find((c) => c.id === 'sale:o101'));
    await eventually('violation alert', async () => (await alerts()).find((a) => a.id === 'violation:f103'));
  });
});
