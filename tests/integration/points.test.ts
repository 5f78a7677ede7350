import { type Celebration, meAnswerSchema, pointsRulesAnswerSchema, pointsTotalsAnswerSchema } from '@floorpulse/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testClock } from '../helpers/clock.js';
import { eventually } from '../helpers/eventually.js';
import { person } from '../helpers/people.js';
import { get, post, startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';

/**
 * Points (docs/metrics.md, "Points") through the real server on a real ClickHouse: the awards each
 * event earns, exactly once across duplicates, a resend under new ids, a restart (a new app on the same
 * DATA_DIR) and a replay of the whole day; totals equal to SQL over the ledger; the admin's rules.
 */
const NOW = Date.parse('2026-11-20T06:00:00Z'); // 14:00 in Shanghai
const DAY = 24 * 3_600_000;
const clock = testClock(NOW);
const dataDir = tempDataDir('points');
let server: TestServer;

type Ev = Record<string, unknown>;
function call(
  agentId: string,
  callId: string,
  ts: number,
  o: { talk: number; sale?: boolean; violation?: boolean; channel?: string },
): Ev[] {
  const base = { teamId: 'north', agentId, callId };
  return [
    { ...base, id: `${callId}-d`, type: 'call.dialed', ts, channel: o.channel ?? 'human' },
    { ...base, id: `${callId}-a`, type: 'call.answered', ts: ts + 1000 },
    {
      ...base,
      id: `${callId}-e`,
      type: 'call.ended',
      ts: ts + 2000 + o.talk * 1000,
      answered: true,
      talkSeconds: o.talk,
      hangupBy: 'agent',
    },
    ...(o.violation ? [{ ...base, id: `${callId}-f`, type: 'compliance.flag', ts: ts + 1500, rule: 'script', severity: 'violation' }] : []),
    ...(o.sale ? [{ ...base, id: `${callId}-o`, type: 'call.outcome', ts: ts + 3000 + o.talk * 1000, outcome: 'sale' }] : []),
  ];
}

const sql = async <T>(query: string, params: Record<string, unknown> = {}): Promise<T[]> =>
  (await server.store.client.query({ query, query_params: params, format: 'JSONEachRow' })).json<T>();
/** Every row the ledger holds, FINAL or not: exactly once means no id was ever written twice, not only that FINAL hides it. */
const rawRows = () => sql<{ id: string; n: string }>('SELECT id, count() AS n FROM points_ledger GROUP BY id ORDER BY id');
/** An agent's total today, straight from the ledger (independent of the route: one row per id by argMax). */
const sqlTotal = async (agentId: string, from: number, to: number) =>
  Number(
    (
      await sql<{ p: string }>(
        `SELECT sum(p) AS p FROM (SELECT id, argMax(points, at) AS p, max(at) AS t FROM points_ledger
         WHERE agent_id = {a:String} GROUP BY id) WHERE t >= fromUnixTimestamp64Milli({from:Int64}) AND t < fromUnixTimestamp64Milli({to:Int64})`,
        { a: agentId, from, to },
      )
    )[0]?.p ?? 0,
  );
const admin = (method: string, path: string, body: unknown) =>
  fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKENS.ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

const start = () => startServer({ dataDir, scheduler: clock, env: { CALL_HOURS: '00:00-23:59' } });
const T = NOW - 3_600_000;
const todaysCalls = [
  ...call('wang', 'w1', T, { talk: 90, sale: true }), // sale +20, effective +2
  ...call('wang', 'w2', T + 600_000, { talk: 120, sale: true, violation: true }), // violation −30, effective +2, the sale earns nothing
  ...call('wang', 'w3', T + 1_200_000, { talk: 20 }), // not effective: nothing
  ...call('robot-1', 'r1', T, { talk: 90, sale: true, channel: 'robot' }), // a robot line earns nothing
];

beforeAll(async () => {
  server = await start();
}, 60_000);
afterAll(async () => {
  await server?.stopAll();
});

describe('points ledger', () => {
  it('awards a sale, effective conversations and a violation; a sale with a violation and a robot earn nothing', async () => {
    expect((await post(`${server.url}/api/v1/events`, todaysCalls)).status).toBe(200);
    await eventually('awards', async () => ((await rawRows()).length === 4 ? true : undefined));
    const rows = await sql<{ id: string; rule: string; points: number; agent_id: string }>(
      'SELECT id, rule, points, agent_id FROM points_ledger FINAL ORDER BY id',
    );
    expect(rows).toEqual([
      { id: 'effective:wang:w1', rule: 'effective', points: 2, agent_id: 'wang' },
      { id: 'effective:wang:w2', rule: 'effective', points: 2, agent_id: 'wang' },
      { id: 'sale:wang:w1', rule: 'sale', points: 20, agent_id: 'wang' },
      { id: 'violation:wang:w2', rule: 'violation', points: -30, agent_id: 'wang' },
    ]);
  });

  it('a duplicate batch and a sale resent under a new event id award nothing more', async () => {
    expect((await post(`${server.url}/api/v1/events`, todaysCalls)).status).toBe(200);
    const resent = {
      teamId: 'north',
      agentId: 'wang',
      callId: 'w1',
      id: 'w1-o-again',
      type: 'call.outcome',
      ts: T + 200_000,
      outcome: 'sale',
    };
    const marker = call('li', 'l1', T, { talk: 90 }); // a later batch: once it is awarded, the resend was judged
    expect((await post(`${server.url}/api/v1/events`, [resent])).status).toBe(200);
    expect((await post(`${server.url}/api/v1/events`, marker)).status).toBe(200);
    await eventually('marker', async () => ((await rawRows()).some((r) => r.id === 'effective:li:l1') ? true : undefined));
    const rows = await rawRows();
    expect(rows.map((r) => r.id)).toEqual([
      'effective:li:l1',
      'effective:wang:w1',
      'effective:wang:w2',
      'sale:wang:w1',
      'violation:wang:w2',
    ]);
    expect(rows.every((r) => Number(r.n) === 1)).toBe(true);
  });

  it('a restart on the same DATA_DIR, then a replay of the day under new ids, awards nothing twice', async () => {
    await server.stopAll();
    server = await start();
    // The day again, every event under a new id (a connector replaying its log): ingest's duplicate memory cannot help.
    const replay = todaysCalls.map((e) => ({ ...e, id: `${String(e.id)}-replay` }));
    expect((await post(`${server.url}/api/v1/events`, replay)).status).toBe(200);
    const marker = call('li', 'l2', T + 60_000, { talk: 90 });
    expect((await post(`${server.url}/api/v1/events`, marker)).status).toBe(200);
    await eventually('marker', async () => ((await rawRows()).some((r) => r.id === 'effective:li:l2') ? true : undefined), 15_000);
    const rows = await rawRows();
    expect(rows).toHaveLength(6);
    expect(rows.every((r) => Number(r.n) === 1)).toBe(true);
  }, 60_000);

  it("the daily goal met earns +50 once, celebrated once with its +50, and a 3-day streak its bonus, on the streak's own definition", async () => {
    const celebrated: Celebration[] = [];
    const sub = server.app.celebrations$.subscribe((c) => celebrated.push(c));
    expect(
      (await admin('PUT', '/api/v1/goals', { goals: [{ scope: 'agent:zhang', metric: 'effective', period: 'day', target: 1 }] })).status,
    ).toBe(200);
    // The two days before met the goal too (history), then today's first effective call meets it.
    const history = [...call('zhang', 'z-2', NOW - 2 * DAY, { talk: 90 }), ...call('zhang', 'z-1', NOW - DAY, { talk: 90 })];
    expect((await post(`${server.url}/api/v1/events`, history)).status).toBe(200);
    expect((await post(`${server.url}/api/v1/events`, call('zhang', 'z0', T, { talk: 90 }))).status).toBe(200);
    expect((await post(`${server.url}/api/v1/events`, call('zhang', 'z1', T + 60_000, { talk: 90 }))).status).toBe(200);
    await eventually('streak', async () => ((await rawRows()).some((r) => r.id.startsWith('streak:zhang')) ? true : undefined));
    const zhang = await sql<{ id: string; points: number }>(
      `SELECT id, points FROM points_ledger FINAL WHERE agent_id = 'zhang' AND rule IN ('dailyGoalMet', 'streak') ORDER BY id`,
    );
    expect(zhang).toEqual([
      { id: 'dailyGoalMet:zhang:2026-11-20', points: 50 },
      { id: 'streak:zhang:2026-11-20', points: 30 },
    ]);
    await eventually('the goal card', async () => (celebrated.some((c) => c.kind === 'goal') ? true : undefined));
    // A later call keeps the goal met: no second card.
    expect((await post(`${server.url}/api/v1/events`, call('zhang', 'z2', T + 120_000, { talk: 90 }))).status).toBe(200);
    await eventually('z2', async () => ((await rawRows()).some((r) => r.id === 'effective:zhang:z2') ? true : undefined));
    sub.unsubscribe();
    expect(celebrated.filter((c) => c.kind === 'goal')).toMatchObject([
      { id: 'points-goal:agent:zhang:2026-11-20', agentId: 'zhang', teamId: 'north', points: 50 },
    ]);
  });

  it("GET /api/v1/points equals SQL over the ledger and the hand count, and /me shows today's points", async () => {
    const res = await get(`${server.url}/api/v1/points?scope=team:north&period=day`, TOKENS.SUPERVISOR_TOKEN);
    expect(res.status).toBe(200);
    const answer = pointsTotalsAnswerSchema.parse(res.body);
    const from = Date.parse(answer.from);
    const to = Date.parse(answer.to);
    expect(answer.from).toBe('2026-11-19T16:00:00.000Z'); // local midnight in Shanghai
    const byAgent = Object.fromEntries(answer.totals.map((t) => [t.agentId, t.points]));
    // wang: 20 + 2 + 2 − 30; zhang: 2 + 2 + 2 today + 50 + 30 (its history days are not today); li: 2 + 2.
    expect(byAgent).toEqual({ wang: -6, zhang: 86, li: 4 });
    for (const [agentId, points] of Object.entries(byAgent)) expect(await sqlTotal(agentId, from, to)).toBe(points);
    const month = pointsTotalsAnswerSchema.parse(
      (await get(`${server.url}/api/v1/points?scope=floor&period=month`, TOKENS.SUPERVISOR_TOKEN)).body,
    );
    expect(Object.fromEntries(month.totals.map((t) => [t.agentId, t.points]))).toEqual({ wang: -6, zhang: 90, li: 4 });

    const s = await person(server.url, { login: 'wang', role: 'agent', agentId: 'wang', password: 'wang-password-1' });
    const me = meAnswerSchema.parse(await (await fetch(`${server.url}/api/v1/me`, { headers: s.headers })).json());
    expect(me.points?.today).toBe(-6);
    expect(me.points?.recent.map((a) => `${a.rule}:${a.points}`).sort()).toEqual([
      'effective:2',
      'effective:2',
      'sale:20',
      'violation:-30',
    ]);
  });

  it('bad period or scope: 400 naming it', async () => {
    const bad = await get(`${server.url}/api/v1/points?period=year`, TOKENS.SUPERVISOR_TOKEN);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/^period:/);
    expect((await get(`${server.url}/api/v1/points?scope=north`, TOKENS.SUPERVISOR_TOKEN)).body.error).toMatch(/^scope:/);
  });
});

describe('points rules', () => {
  it('ships the defaults, refuses a bad field by name, and a valid change prices the next award', async () => {
    const shipped = pointsRulesAnswerSchema.parse((await get(`${server.url}/api/v1/points/rules`, TOKENS.SUPERVISOR_TOKEN)).body);
    expect(shipped).toEqual({
      rules: { dailyGoalMet: 50, sale: 20, effective: 2, streak: 30, streakDays: 3, violation: -30 },
      updatedAt: null,
      updatedBy: null,
    });
    const rules = { ...shipped.rules, sale: 25 };
    for (const [field, value, message] of [
      ['violation', 10, 'violation: must be 0 or less'],
      ['sale', 2.5, 'sale: must be a whole number'],
      ['streakDays', 1, 'streakDays: must be at least 2'],
      ['effective', '2', 'effective: must be a number'],
    ] as const) {
      const res = await admin('PUT', '/api/v1/points/rules', { ...rules, [field]: value });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toContain(message);
    }
    const missing = await admin('PUT', '/api/v1/points/rules', { sale: 25 });
    expect(((await missing.json()) as { error: string }).error).toMatch(/^dailyGoalMet: is required/);
    const ok = await admin('PUT', '/api/v1/points/rules', rules);
    expect(ok.status).toBe(200);
    expect(pointsRulesAnswerSchema.parse(await ok.json()).rules.sale).toBe(25);

    expect((await post(`${server.url}/api/v1/events`, call('li', 'l3', T + 120_000, { talk: 10, sale: true }))).status).toBe(200);
    await eventually('sale at 25', async () => ((await rawRows()).some((r) => r.id === 'sale:li:l3') ? true : undefined));
    expect(await sql('SELECT points FROM points_ledger FINAL WHERE id = {id:String}', { id: 'sale:li:l3' })).toEqual([{ points: 25 }]);
    // A restart keeps the admin's rules (points_rules), not the shipped ones.
    await server.stopAll();
    server = await start();
    expect(pointsRulesAnswerSchema.parse((await get(`${server.url}/api/v1/points/rules`, TOKENS.ADMIN_TOKEN)).body).rules.sale).toBe(25);
  }, 60_000);
});
