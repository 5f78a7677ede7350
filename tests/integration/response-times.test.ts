import { type ResponseTimesAnswer, responseTimesAnswerSchema } from '@floorpulse/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testClock } from '../helpers/clock.js';
import { eventually } from '../helpers/eventually.js';
import { person, type Session, signIn } from '../helpers/people.js';
import { get, post, startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';

const NOW = Date.parse('2026-11-20T03:00:00Z'); // 11:00 in Shanghai, on 2026-11-20
const DAY = 86_400_000;
const SUP = TOKENS.SUPERVISOR_TOKEN;

/**
 * A hand-made morning: four help requests open at 11:00, two supervisors act on them at known
 * seconds, and one request of the day before. The expected p50/p90 are computed by hand with the
 * R-7 rule (linear between closest ranks): for sorted x of n, p → x[h] + (h − ⌊h⌋)·(x[h+1] − x[h]), h = (n−1)·p.
 */
describe('response times: time to ack and to resolve, per supervisor, team and rule, per day', () => {
  const clock = testClock(NOW - DAY);
  let server: TestServer;
  let lin: Session;
  let wang: Session;
  const act = async (s: Session, id: string, action: 'ack' | 'resolve', at: number) => {
    clock.set(at);
    const res = await fetch(`${server.url}/api/v1/alerts/${encodeURIComponent(id)}/${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...s.headers },
      body: '{}',
    });
    expect(res.status).toBe(200);
  };
  const help = (id: string, agentId: string, teamId: string) => ({
    id,
    type: 'help.requested',
    ts: clock.now() - 1000,
    teamId,
    agentId,
  });
  const opened = (n: number) =>
    eventually(`${n} alerts`, async () => ((await get(`${server.url}/api/v1/alerts`, SUP)).body.alerts.length === n ? true : undefined));
  const times = async (q: string): Promise<ResponseTimesAnswer> => {
    const res = await fetch(`${server.url}/api/v1/history/response-times?${q}`, { headers: lin.headers });
    expect(res.status).toBe(200);
    return responseTimesAnswerSchema.parse(await res.json());
  };
  const table = (a: ResponseTimesAnswer) =>
    a.rows.map((r) => `${r.day} ${r.key} ${r.step} n=${r.count} p50=${r.p50Seconds} p90=${r.p90Seconds}`);

  beforeAll(async () => {
    server = await startServer({ dataDir: tempDataDir('response-times'), scheduler: clock });
    lin = await person(server.url, {
      login: 'lin',
      name: 'Lin Wei',
      role: 'supervisor',
      teams: ['north', 'south'],
      password: 'lin-password-1',
    });
    wang = await person(server.url, {
      login: 'wang',
      name: 'Wang Fang',
      role: 'supervisor',
      teams: ['north'],
      password: 'wang-password-1',
    });
    // The day before, 11:00: Lin acknowledges after 10 s.
    await post(`${server.url}/api/v1/events`, [help('e', 'n3', 'north')]);
    await opened(1);
    await act(lin, 'help:e', 'ack', NOW - DAY + 10_000);
    // Today, 11:00: four requests at once. Yesterday's sessions have run out; both sign in again.
    clock.set(NOW);
    lin = await signIn(server.url, 'lin', 'lin-password-1');
    wang = await signIn(server.url, 'wang', 'wang-password-1');
    await post(`${server.url}/api/v1/events`, [
      help('a', 'n1', 'north'),
      help('b', 'n2', 'north'),
      help('c', 's1', 'south'),
      help('d', 's2', 'south'),
    ]);
    await opened(5);
    await act(lin, 'help:a', 'ack', NOW + 30_000);
    await act(wang, 'help:b', 'ack', NOW + 60_000);
    await act(lin, 'help:c', 'ack', NOW + 90_000);
    await act(lin, 'help:a', 'resolve', NOW + 100_000);
    // Resolved without an ack first: a resolve, no ack.
    await act(lin, 'help:d', 'resolve', NOW + 200_000);
    await act(wang, 'help:b', 'resolve', NOW + 300_000);
    clock.set(NOW + 600_000);
  });
  afterAll(async () => server.stop());

  it('per supervisor today: Lin acked after 30 and 90 s, resolved after 100 and 200 s; Wang 60 and 300 s', async () => {
    const a = await times('range=today&by=supervisor');
    expect(table(a)).toEqual([
      '2026-11-20 lin ack n=2 p50=60 p90=84',
      '2026-11-20 lin resolve n=2 p50=150 p90=190',
      '2026-11-20 wang ack n=1 p50=60 p90=60',
      '2026-11-20 wang resolve n=1 p50=300 p90=300',
    ]);
    expect(a.names).toEqual({ lin: 'Lin Wei', wang: 'Wang Fang' });
    expect(a.ackTargets).toEqual({ help: 3600 });
    expect(a.sql).toContain('quantileExactInclusive(0.9)');
    expect(a.params).toEqual({ from: Date.parse('2026-11-19T16:00:00Z'), to: NOW + 600_000, tz: 'Asia/Shanghai' });
  });

  it('per team and per rule over 7 days: each day on its own, in the floor’s zone', async () => {
    expect(table(await times('range=7d&by=team'))).toEqual([
      '2026-11-19 north ack n=1 p50=10 p90=10',
      '2026-11-20 north ack n=2 p50=45 p90=57',
      '2026-11-20 north resolve n=2 p50=200 p90=280',
      '2026-11-20 south ack n=1 p50=90 p90=90',
      '2026-11-20 south resolve n=1 p50=200 p90=200',
    ]);
    expect(table(await times('range=7d&by=rule'))).toEqual([
      '2026-11-19 help ack n=1 p50=10 p90=10',
      '2026-11-20 help ack n=3 p50=60 p90=84',
      '2026-11-20 help resolve n=3 p50=200 p90=280',
    ]);
  });

  it('refuses a bad grouping naming the field, and a viewer', async () => {
    const bad = await fetch(`${server.url}/api/v1/history/response-times?by=agent`, { headers: lin.headers });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/^by:/);
    expect((await get(`${server.url}/api/v1/history/response-times`, TOKENS.VIEWER_TOKEN)).status).toBe(403);
  });
});
