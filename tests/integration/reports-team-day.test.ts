import { computeRates, type TeamDayAnswer, teamDayAnswerSchema } from '@floorpulse/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countsFromSql } from '../../server/src/storage/events-repo.js';
import { testClock } from '../helpers/clock.js';
import { person, type Session } from '../helpers/people.js';
import { post, startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';

// Sunday 1 November 2026 in New York: the clocks go back at 02:00 EDT, so the day runs 25 hours,
// 04:00Z to 05:00Z the next day. Now is 18:00 EST (23:00Z).
const DAY_FROM = Date.parse('2026-11-01T04:00:00Z');
const DAY_TO = Date.parse('2026-11-02T05:00:00Z');
const NOW = Date.parse('2026-11-01T23:00:00Z');
const ADMIN = TOKENS.ADMIN_TOKEN;

let seq = 0;
const ev = (type: string, ts: number, agentId: string, callId: string, extra: Record<string, unknown> = {}) => ({
  id: `td-${++seq}`,
  type,
  ts,
  teamId: 'north',
  agentId,
  callId,
  channel: 'human',
  ...extra,
});
function call(ts: number, agentId: string, talk: number | null, sale = false) {
  const id = `c-${++seq}`;
  const out = [ev('call.dialed', ts, agentId, id)];
  if (talk === null) return out;
  out.push(ev('call.answered', ts + 1000, agentId, id));
  out.push(ev('call.ended', ts + 2000, agentId, id, { answered: true, talkSeconds: talk, hangupBy: talk < 30 ? 'customer' : 'agent' }));
  if (sale) out.push(ev('call.outcome', ts + 3000, agentId, id, { outcome: 'sale', amount: 120 }));
  return out;
}

describe("a team's daily report: each agent by name, for supervisors only", () => {
  const clock = testClock(NOW);
  let server: TestServer;
  let sup: Session;
  let agent: Session;
  const put = async (path: string, body: object) => {
    const r = await fetch(`${server.url}${path}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(r.status).toBe(200);
  };
  const report = async (q: string, headers: Record<string, string>) => fetch(`${server.url}/api/v1/reports/team-day?${q}`, { headers });

  beforeAll(async () => {
    server = await startServer({
      dataDir: tempDataDir('reports-team-day'),
      scheduler: clock,
      env: { FLOOR_TZ: 'America/New_York', CALL_HOURS: '00:00-23:59' },
    });
    await put('/api/v1/roster/teams/north', { name: '北区', timeZone: 'America/New_York', supervisors: [] });
    await put('/api/v1/roster/agents/n1', { name: '王芳', teamId: 'north', channel: 'human', active: true });
    await put('/api/v1/roster/agents/n2', { name: 'Alice Chen', teamId: 'north', channel: 'human', active: true });
    sup = await person(server.url, { login: 'lin', name: 'Lin', role: 'supervisor', teams: ['north'], password: 'lin-password-1' });
    agent = await person(server.url, { login: 'wf', name: '王芳', role: 'agent', agentId: 'n1', password: 'wf-password-1' });
    const res = await post(`${server.url}/api/v1/events`, [
      // n1: 3 dials at the day's first instant, in the repeated 01:30 hour (EST) and at 18:00; 2 answered, 1 sale.
      ...call(DAY_FROM, 'n1', 80, true),
      ...call(Date.parse('2026-11-01T06:30:00Z'), 'n1', 10),
      ...call(NOW - 60_000, 'n1', null),
      // n2: one answered call of 45 s.
      ...call(NOW - 120_000, 'n2', 45),
      // Out of the day: Saturday 23:59:59.999 EDT, and Monday 00:00 EST.
      ev('call.dialed', DAY_FROM - 1, 'n1', 'c-before'),
      ev('call.dialed', DAY_TO, 'n2', 'c-after'),
    ]);
    expect(res.status).toBe(200);
  });
  afterAll(() => server?.stopAll());

  it('lists each agent by roster name with the numbers computed by hand, over the 25-hour day', async () => {
    const res = await report('team=north&day=2026-11-01', sup.headers);
    expect(res.status).toBe(200);
    const r: TeamDayAnswer = teamDayAnswerSchema.parse(await res.json());
    expect(r).toMatchObject({
      team: 'north',
      teamName: '北区',
      day: '2026-11-01',
      from: '2026-11-01T04:00:00.000Z',
      to: '2026-11-02T05:00:00.000Z',
    });
    expect(r.rows.map((a) => a.name)).toEqual(['Alice Chen', '王芳']);
    const wang = r.rows.find((a) => a.agentId === 'n1')!;
    expect(wang.counts).toMatchObject({
      dialed: 3,
      answered: 2,
      ended: 2,
      earlyHangups: 1,
      effective: 1,
      sales: 1,
      revenue: 120,
      talkSeconds: 90,
    });
    expect(wang.rates.connectRate).toBeCloseTo(2 / 3);
    expect(r.total.counts).toMatchObject({ dialed: 4, answered: 3, sales: 1, talkSeconds: 135 });
    expect(r.total.rates).toEqual(computeRates(r.total.counts));
    // The team's total equals the reference SQL of docs/metrics.md for the team over the same [from, to).
    const sql = await countsFromSql(server.store.client, {
      scope: 'team:north',
      fromMs: DAY_FROM,
      toMs: DAY_TO,
      earlyHangupSeconds: 30,
      effectiveSeconds: 60,
    });
    expect(r.total.counts).toEqual(sql);
    expect(r.sql).toContain('GROUP BY agent_id');
  });

  it('defaults to the floor-local today and refuses a bad day or team naming the field', async () => {
    const today = teamDayAnswerSchema.parse(await (await report('team=north', sup.headers)).json());
    expect(today.day).toBe('2026-11-01');
    const bad = await report('team=north&day=2026-02-30', sup.headers);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/^day: /);
    const noTeam = await report('day=2026-11-01', sup.headers);
    expect(noTeam.status).toBe(400);
    expect(((await noTeam.json()) as { error: string }).error).toMatch(/^team: /);
  });

  it("refuses an agent and a viewer with a message that says it is the supervisors'", async () => {
    for (const headers of [agent.headers, { authorization: `Bearer ${TOKENS.VIEWER_TOKEN}` }]) {
      const res = await report('team=north', headers);
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: string }).error).toBe('this route needs the supervisor role');
    }
  });
});
