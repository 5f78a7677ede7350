import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testClock } from '../helpers/clock.js';
import { liveAndSql } from '../helpers/live-vs-sql.js';
import { post, startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';

const NOW = Date.parse('2026-11-20T06:00:00Z'); // 14:00 in Shanghai
const MIN = 60_000;
const dial = (n: number, ts: number, phone = '+8613911112222') => ({
  id: `d${n}`,
  type: 'call.dialed',
  ts,
  teamId: 'north',
  agentId: 'n1',
  callId: `call-${n}`,
  channel: 'human',
  phone,
});

describe('live compliance through the real server', () => {
  const clock = testClock(NOW);
  const dataDir = tempDataDir('rules-compliance');
  let server: TestServer;
  const derivedFlags = async () =>
    await (
      await server.store.client.query({
        query: `SELECT id, call_id, rule, toUnixTimestamp64Milli(ts) AS t FROM call_events WHERE derived ORDER BY id`,
        format: 'JSONEachRow',
        clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
      })
    ).json<{ id: string; call_id: string; rule: string; t: number }>();
  beforeAll(async () => {
    server = await startServer({ dataDir, scheduler: clock, env: { FREQUENCY_CAP: '3' } });
  });
  afterAll(async () => server.stop());

  it('flags the 4th dial of a phone in 24 h once, keeps the history across a restart, and ignores re-sends', async () => {
    await post(`${server.url}/api/v1/events`, [dial(1, NOW - 50 * MIN), dial(2, NOW - 40 * MIN)]);
    await server.stop();
    server = await startServer({ dataDir, scheduler: clock, env: { FREQUENCY_CAP: '3' } });
    await post(`${server.url}/api/v1/events`, [dial(3, NOW - 30 * MIN)]);
    expect(await derivedFlags()).toEqual([]);
    await post(`${server.url}/api/v1/events`, [dial(4, NOW - 20 * MIN)]);
    expect(await derivedFlags()).toEqual([{ id: 'fp:frequency_cap:call-4', call_id: 'call-4', rule: 'frequency_cap', t: NOW - 20 * MIN }]);
    // A re-send (same ids), then the same call under a new event id: still one flag, still 4 dials of that phone.
    expect((await post(`${server.url}/api/v1/events`, [dial(4, NOW - 20 * MIN)])).body).toMatchObject({ accepted: 0, duplicates: 1 });
    await post(`${server.url}/api/v1/events`, [{ ...dial(4, NOW - 20 * MIN), id: 'd4-again' }]);
    expect((await derivedFlags()).map((f) => f.id)).toEqual(['fp:frequency_cap:call-4']);
    await post(`${server.url}/api/v1/events`, [dial(5, NOW - 10 * MIN), dial(6, NOW - 5 * MIN, '+8613900000000')]);
    expect((await derivedFlags()).map((f) => f.id)).toEqual(['fp:frequency_cap:call-4', 'fp:frequency_cap:call-5']);
  });

  it('counts derived flags in violations and complianceRate exactly like SQL', async () => {
    const { live, sql } = await liveAndSql(server, 'team:north', '1h');
    expect(live.counts).toMatchObject({ dialed: 7, violations: 2 });
    expect(live.rates.complianceRate).toBeCloseTo(1 - 2 / 7, 12);
    expect(live.counts).toEqual(sql);
  });

  it('a team zone from TEAM_TZ decides the calling hours: 21:30 Shanghai is 19:30 in Urumqi', async () => {
    await server.stop();
    server = await startServer({ dataDir, scheduler: clock, env: { TEAM_TZ: 'west=Asia/Urumqi' } });
    const ts = Date.parse('2026-11-19T21:30:00+08:00');
    await post(`${server.url}/api/v1/events`, [
      { id: 'w1', type: 'call.dialed', ts, teamId: 'west', agentId: 'w1', callId: 'west-1', channel: 'human' },
      { id: 'e1', type: 'call.dialed', ts, teamId: 'east', agentId: 'e1', callId: 'east-1', channel: 'human' },
    ]);
    expect((await derivedFlags()).filter((f) => f.rule === 'outside_hours').map((f) => f.call_id)).toEqual(['east-1']);
  });

  it("a team's zone in the roster decides its calling hours, over TEAM_TZ; TEAM_TZ stays for teams the roster has no zone for", async () => {
    await server.stop();
    server = await startServer({ dataDir, scheduler: clock, env: { TEAM_TZ: 'west=Asia/Urumqi,north=Asia/Urumqi' } });
    const team = async (id: string, timeZone: string) =>
      (
        await fetch(`${server.url}/api/v1/roster/teams/${id}`, {
          method: 'PUT',
          headers: { authorization: `Bearer ${TOKENS.ADMIN_TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify({ name: id, timeZone, supervisors: [] }),
        })
      ).status;
    expect(await team('west', 'Asia/Shanghai')).toBe(200);
    expect(await team('south', 'Asia/Urumqi')).toBe(200);
    const ts = Date.parse('2026-11-19T21:30:00+08:00');
    const d = (teamId: string) => ({
      id: `z-${teamId}`,
      type: 'call.dialed',
      ts,
      teamId,
      agentId: `z-${teamId}`,
      callId: `zone-${teamId}`,
      channel: 'human',
    });
    expect((await post(`${server.url}/api/v1/events`, [d('west'), d('south'), d('north')])).status).toBe(200);
    // west: the roster's Shanghai (21:30, closed) over TEAM_TZ's Urumqi; south: the roster's Urumqi (19:30, open);
    // north: not in the roster, so TEAM_TZ's Urumqi (open).
    expect((await derivedFlags()).filter((f) => f.call_id.startsWith('zone-')).map((f) => f.call_id)).toEqual(['zone-west']);
  });
});
