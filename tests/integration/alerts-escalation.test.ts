import type { Alert } from '@floorpulse/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testClock } from '../helpers/clock.js';
import { eventually } from '../helpers/eventually.js';
import { person, type Session } from '../helpers/people.js';
import { record, type Screen, screenPool, until } from '../helpers/realtime-client.js';
import { get, post, startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';

const NOW = Date.parse('2026-11-20T03:00:00Z'); // 11:00 in Shanghai
const SUP = TOKENS.SUPERVISOR_TOKEN;

/**
 * Escalation through the real server (the timers themselves are tested in virtual time in
 * tests/unit/alert-escalation.test.ts): the clock is moved past the 120 s of the shipped help rule,
 * and whatever re-plans the alert — a second request joining it, a restart — escalates it at once.
 */
describe('escalation: an unacknowledged help request reaches its team’s supervisors and the floor managers', () => {
  const clock = testClock(NOW);
  const dataDir = tempDataDir('alerts-escalation');
  let server: TestServer;
  let lin: Session;
  let wang: Session;
  const screens = screenPool();
  const alerts = async () => (await get(`${server.url}/api/v1/alerts`, SUP)).body.alerts as Alert[];
  const help = (id: string, agentId: string, teamId: string) =>
    post(`${server.url}/api/v1/events`, [{ id, type: 'help.requested', ts: clock.now() - 1000, teamId, agentId, message: 'stuck' }]);
  /** The screens of Lin (north), Wang (south), an admin and a supervisor token with no teams, recording alert:escalated. */
  const connectAll = async () => {
    const who: [string, Promise<Screen>][] = [
      ['lin', screens.connect(server.url, {}, { headers: { cookie: lin.cookie } })],
      ['wang', screens.connect(server.url, {}, { headers: { cookie: wang.cookie } })],
      ['admin', screens.connect(server.url, { token: TOKENS.ADMIN_TOKEN })],
      ['token', screens.connect(server.url, { token: SUP })],
    ];
    return Object.fromEntries(await Promise.all(who.map(async ([k, s]) => [k, record<Alert>(await s, 'alert:escalated')] as const)));
  };

  beforeAll(async () => {
    server = await startServer({ dataDir, scheduler: clock });
    lin = await person(server.url, { login: 'lin', role: 'supervisor', teams: ['north'], password: 'lin-password-1' });
    wang = await person(server.url, { login: 'wang', role: 'supervisor', teams: ['south'], password: 'wang-password-1' });
  });
  afterAll(async () => server.stop());

  it('is not escalated before its time; past 120 s the next request joining it escalates it, once', async () => {
    const seen = await connectAll();
    await help('h1', 'n1', 'north');
    await eventually('help alert', async () => (await alerts()).find((a) => a.id === 'help:h1'));
    clock.advance(60_000);
    await help('h2', 'n1', 'north');
    await eventually('joined', async () => (await alerts()).find((a) => a.id === 'help:h1' && a.evidence.count === 2));
    expect((await alerts()).find((a) => a.id === 'help:h1')?.escalatedAt).toBeUndefined();

    clock.advance(61_000);
    await help('h3', 'n1', 'north');
    const escalated = await eventually('escalated', async () => (await alerts()).find((a) => a.id === 'help:h1' && a.escalatedAt));
    expect(escalated).toMatchObject({ status: 'open', escalatedAt: new Date(NOW + 121_000).toISOString() });
    await until(() => seen.lin!.length > 0 && seen.admin!.length > 0, 3000, 'lin and the admin told');
    expect(seen.lin!.map((e) => e.data.id)).toEqual(['help:h1']);
    expect(seen.admin!.map((e) => e.data.id)).toEqual(['help:h1']);
    // South's supervisor and a token without teams get the update in the inbox, not the escalation call.
    expect(seen.wang).toEqual([]);
    expect(seen.token).toEqual([]);
  });

  it('an acknowledged request does not escalate; one left open over a restart escalates when the server is back', async () => {
    await help('k1', 'n2', 'north');
    await help('s1', 's1', 'south');
    await eventually('two more', async () => ((await alerts()).length === 3 ? true : undefined));
    expect((await post(`${server.url}/api/v1/alerts/help%3Ak1/ack`, {}, SUP)).status).toBe(200);
    await server.stop();
    clock.advance(10 * 60_000);
    server = await startServer({ dataDir, scheduler: clock });
    const south = await eventually('south escalated', async () => (await alerts()).find((a) => a.id === 'help:s1' && a.escalatedAt));
    expect(south.escalatedAt).toBe(new Date(NOW + 121_000 + 10 * 60_000).toISOString());
    const acked = (await alerts()).find((a) => a.id === 'help:k1');
    expect(acked?.status).toBe('acknowledged');
    expect(acked).not.toHaveProperty('escalatedAt');
    const rows = await (
      await server.store.client.query({ query: "SELECT id FROM alerts WHERE transition = 'escalate' ORDER BY id", format: 'JSONEachRow' })
    ).json();
    expect(rows).toEqual([{ id: 'help:h1' }, { id: 'help:s1' }]);
  });
});
