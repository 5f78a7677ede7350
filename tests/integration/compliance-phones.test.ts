import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testClock } from '../helpers/clock.js';
import { liveAndSql } from '../helpers/live-vs-sql.js';
import { post, startServer, type TestServer, tempDataDir } from '../helpers/server.js';

const NOW = Date.parse('2026-11-20T06:00:00Z'); // 14:00 in Shanghai
const MIN = 60_000;

describe('compliance flags a client cannot dodge', () => {
  const clock = testClock(NOW);
  const dataDir = tempDataDir('compliance-phones');
  let server: TestServer;
  const flags = async (team: string) =>
    await (
      await server.store.client.query({
        query: 'SELECT id, call_id, rule FROM call_events WHERE derived AND team_id = {team:String} ORDER BY id',
        query_params: { team },
        format: 'JSONEachRow',
      })
    ).json<{ id: string; call_id: string; rule: string }>();
  const dial = (team: string, n: number, ts: number, phone: string) => ({
    id: `${team}-d${n}`,
    type: 'call.dialed',
    ts,
    teamId: team,
    agentId: `${team}-a`,
    callId: `${team}-call-${n}`,
    channel: 'human',
    phone,
  });
  beforeAll(async () => {
    server = await startServer({ dataDir, scheduler: clock });
  });
  afterAll(async () => server.stop());

  it('a client id in the fp: namespace is refused, so it cannot shadow the outside_hours flag of a night dial', async () => {
    const night = Date.parse('2026-11-20T07:30:00+08:00');
    const shadow = await post(`${server.url}/api/v1/events`, [
      { id: 'fp:outside_hours:night-1', type: 'agent.state', ts: night - MIN, teamId: 'night', agentId: 'x1', state: 'available' },
    ]);
    expect(shadow.status).toBe(400);
    expect(shadow.body.rejected).toEqual([{ index: 0, error: "id: the fp: prefix is reserved for FloorPulse's own flags" }]);
    const res = await post(`${server.url}/api/v1/events`, [
      { id: 'n-dial-1', type: 'call.dialed', ts: night, teamId: 'night', agentId: 'x1', callId: 'night-1', channel: 'human' },
    ]);
    expect(res.body).toMatchObject({ accepted: 1 });
    expect(await flags('night')).toEqual([{ id: 'fp:outside_hours:night-1', call_id: 'night-1', rule: 'outside_hours' }]);
    const { live, sql } = await liveAndSql(server, 'team:night', 'today');
    expect(live.counts).toMatchObject({ dialed: 1, violations: 1 });
    expect(live.counts).toEqual(sql);
  });

  it('counts one number written in four formats as one phone: the 4th dial in 24 h is over the cap', async () => {
    const formats = ['+8613910000001', '13910000001', '008613910000001', '+86 139-1000-0001'];
    for (const [i, phone] of formats.entries()) {
      expect((await post(`${server.url}/api/v1/events`, [dial('e164', i + 1, NOW - (40 - i) * MIN, phone)])).body).toMatchObject({
        accepted: 1,
      });
    }
    expect(await flags('e164')).toEqual([{ id: 'fp:frequency_cap:e164-call-4', call_id: 'e164-call-4', rule: 'frequency_cap' }]);
    // A fifth spelling is the same phone again.
    await post(`${server.url}/api/v1/events`, [dial('e164', 5, NOW - 30 * MIN, '(+86) 139 1000 0001')]);
    expect((await flags('e164')).map((f) => f.call_id)).toEqual(['e164-call-4', 'e164-call-5']);
  });

  it('refuses a phone that is no valid number, naming phone and not echoing it', async () => {
    const res = await post(`${server.url}/api/v1/events`, [dial('bad', 1, NOW - MIN, '139-1000-000')]);
    expect(res.status).toBe(400);
    expect(res.body.rejected).toEqual([{ index: 0, error: 'phone: is not a valid phone number' }]);
    expect(JSON.stringify(res.body)).not.toContain('1000');
  });

  it('counts dials stored under the old hash (digits as typed) toward the cap of the same number sent in E.164', async () => {
    const secret = server.app.secrets.phoneHashSecret;
    const oldScheme = (typed: string) =>
      createHmac('sha256', secret)
        .update(typed.replace(/[^\d+]/g, ''))
        .digest('base64url')
        .slice(0, 22);
    // Three dials stored before the switch, by dialers that sent the number nationally or with 00.
    const typed = ['13920000002', '139 2000 0002', '008613920000002'];
    await server.store.client.insert({
      table: 'call_events',
      format: 'JSONEachRow',
      values: typed.map((t, i) => ({
        id: `legacy-d${i + 1}`,
        type: 'call.dialed',
        ts: NOW - (50 - i) * MIN,
        team_id: 'legacy',
        agent_id: 'legacy-a',
        call_id: `legacy-call-${i + 1}`,
        channel: 'human',
        phone_hash: oldScheme(t),
        received_at: NOW - (50 - i) * MIN,
      })),
    });
    // The phone history is rebuilt from ClickHouse at start.
    await server.stop();
    server = await startServer({ dataDir, scheduler: clock });
    expect((await post(`${server.url}/api/v1/events`, [dial('legacy', 4, NOW - 10 * MIN, '+8613920000002')])).body).toMatchObject({
      accepted: 1,
    });
    expect(await flags('legacy')).toEqual([{ id: 'fp:frequency_cap:legacy-call-4', call_id: 'legacy-call-4', rule: 'frequency_cap' }]);
    // Another number is not caught by it.
    await post(`${server.url}/api/v1/events`, [dial('legacy', 5, NOW - 9 * MIN, '+8613920000003')]);
    expect((await flags('legacy')).map((f) => f.call_id)).toEqual(['legacy-call-4']);
  });
});
