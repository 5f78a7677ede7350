import { type MeAnswer, meAnswerSchema, type Scope } from '@floorpulse/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countsFromSql } from '../../server/src/storage/events-repo.js';
import { testClock } from '../helpers/clock.js';
import { eventually } from '../helpers/eventually.js';
import { createDisplay, person, type Session } from '../helpers/people.js';
import { record, screenPool, until } from '../helpers/realtime-client.js';
import { get, post, startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';

/**
 * GET /api/v1/me and `me:update` (docs/people.md, "The agent's page"): an agent's own numbers, equal to
 * the wall's and to SQL for the window reported, their goals with pace, their rank, suggestions by the
 * rules in server/src/me/suggestions.json; the agent role only, and never anyone else's numbers.
 */
const NOW = Date.parse('2026-11-20T03:00:00Z'); // 11:00 in Shanghai: 3 of the 13 calling hours gone
const clock = testClock(NOW);
let server: TestServer;
let wang: Session;
const screens = screenPool();

/** One answered call of `talk` seconds `at` ms before now, hung up by the customer when short; a sale if asked. */
function call(agentId: string, teamId: string, n: number, talk: number, sale = false): object[] {
  const base = { teamId, agentId, callId: `${agentId}-c${n}` };
  const ts = NOW - 3_600_000 + n * 60_000;
  return [
    { ...base, id: `${agentId}-${n}-d`, type: 'call.dialed', ts, channel: 'human' },
    { ...base, id: `${agentId}-${n}-a`, type: 'call.answered', ts: ts + 5_000 },
    {
      ...base,
      id: `${agentId}-${n}-e`,
      type: 'call.ended',
      ts: ts + 5_000 + talk * 1000,
      answered: true,
      talkSeconds: talk,
      hangupBy: 'customer',
    },
    ...(sale ? [{ ...base, id: `${agentId}-${n}-o`, type: 'call.outcome', ts: ts + 6_000 + talk * 1000, outcome: 'sale' }] : []),
  ];
}
/** `calls` calls of which `early` are 30 s hang-ups (10 s) and the rest 90 s, with `sales` sales among the long ones. */
function day(agentId: string, teamId: string, calls: number, early: number, sales: number): object[] {
  return Array.from({ length: calls }, (_, i) => call(agentId, teamId, i, i < early ? 10 : 90, i >= early && i < early + sales)).flat();
}

const me = async (s: Session, q = '') => {
  const res = await fetch(`${server.url}/api/v1/me${q}`, { headers: s.headers });
  return { status: res.status, body: await res.json() };
};

beforeAll(async () => {
  // The day's calls are sent at once, hours after they happened: a live horizon of a day lets their sales celebrate.
  server = await startServer({ dataDir: tempDataDir('me-numbers'), scheduler: clock, env: { LIVE_HORIZON_MINUTES: '1440' } });
  // north: a1 (王芳) hangs up early on 6 of 12, a2 on 1 of 12, a3 on none; a3 sells most; south-a1 sells more still.
  const events = [
    ...day('north-a1', 'north', 12, 6, 2),
    ...day('north-a2', 'north', 12, 1, 1),
    ...day('north-a3', 'north', 12, 0, 3),
    ...day('south-a1', 'south', 12, 0, 5),
  ];
  expect((await post(`${server.url}/api/v1/events`, events)).status).toBe(200);
  const goals = {
    goals: [
      { scope: 'agent:north-a1', metric: 'effective', period: 'day', target: 5 },
      { scope: 'agent:north-a1', metric: 'sales', period: 'week', target: 3 },
      { scope: 'agent:north-a1', metric: 'sales', period: 'month', target: 40 },
      { scope: 'agent:north-a2', metric: 'sales', period: 'day', target: 1 },
    ],
  };
  const put = await fetch(`${server.url}/api/v1/goals`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${TOKENS.ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(goals),
  });
  expect(put.status).toBe(200);
  wang = await person(server.url, { login: 'wang.fang', name: '王芳', role: 'agent', agentId: 'north-a1', password: 'agent-pass-67890' });
});
afterAll(async () => {
  screens.closeAll();
  await server.stop();
});

describe('GET /api/v1/me', () => {
  it("equals the wall's today and SQL over call_events for the window it reports, for me and my team", async () => {
    const { status, body } = await me(wang);
    expect(status).toBe(200);
    const answer: MeAnswer = meAnswerSchema.parse(body);
    expect(answer).toMatchObject({ agentId: 'north-a1', teamId: 'north' });
    const wall = (await get(`${server.url}/api/v1/rates?scope=agent:north-a1&window=today`, TOKENS.ADMIN_TOKEN)).body;
    expect(answer.today.mine).toEqual(wall);
    const sql = (scope: Scope) =>
      countsFromSql(server.store.client, {
        scope,
        fromMs: Date.parse(answer.today.from),
        toMs: Date.parse(answer.today.to),
        earlyHangupSeconds: server.config.EARLY_HANGUP_SECONDS,
        effectiveSeconds: server.config.EFFECTIVE_SECONDS,
      });
    expect(answer.today.mine.counts).toEqual(await sql('agent:north-a1'));
    expect(answer.today.team?.counts).toEqual(await sql('team:north'));
    expect(answer.today.mine.counts).toMatchObject({ dialed: 12, answered: 12, effective: 6, sales: 2, earlyHangups: 6 });
    expect(answer.today.mine.rates.hangupRate).toBe(0.5);
    expect(answer.today.team?.rates.hangupRate).toBeCloseTo(7 / 36, 10);
  });

  it('gives my goals as current/target with met and on pace over the calling hours', async () => {
    const { body } = await me(wang);
    const byId = Object.fromEntries((body as MeAnswer).goals.map((g) => [`${g.metric}:${g.period}`, g]));
    expect(Object.keys(byId).sort()).toEqual(['effective:day', 'sales:month', 'sales:week']);
    // 6 effective of 5: met. 2 sales of 3 this week (nothing before today): not met. 11:00 is 3/13 of a day.
    expect(byId['effective:day']).toMatchObject({ value: 6, target: 5, met: true, onPace: true });
    expect(byId['sales:week']).toMatchObject({ value: 2, target: 3, met: false });
    // 2 of 40 this month, paced over the working days (Monday to Friday, docs/rules.md "Goal decomposition"):
    // Friday 20 November, 14 of November's 21 working days and 3 of today's 13 calling hours gone, ~27.1 due: behind.
    expect(byId['sales:month']).toMatchObject({ value: 2, target: 40, met: false, onPace: false });
    expect(byId['sales:month']!.expected).toBeCloseTo(40 * ((14 + 3 / 13) / 21), 1);
    // All 40 were left at the start of today (both sales are today's), over the 7 working days from today
    // (20, 23–27, 30): 5.71 a day, one of those days this week.
    expect(byId['sales:month']!.share).toMatchObject({ workingDays: 21, workingDaysLeft: 7, perDay: 5.71, perWeek: 5.71, today: 2 });
  });

  it("ranks me by sales in my team and on the floor, the leaderboard's order; my streak and celebrations", async () => {
    const { body } = await me(wang);
    const r = (body as MeAnswer).recognition;
    expect(r.rank).toEqual({ team: { rank: 2, of: 3 }, floor: { rank: 3, of: 4 } });
    // Met today's one daily goal, none before: a streak of 1. Each sale was celebrated on the wall.
    expect(r.streakDays).toBe(1);
    // The rules stage celebrates on the stored batch, in its own time.
    const celebrated = await eventually('two sales celebrated', async () => {
      const b = (await me(wang)).body as MeAnswer;
      return b.recognition.celebrations.length >= 2 ? b : null;
    });
    expect(celebrated.recognition.celebrations.map((c) => c.kind)).toEqual(['sale', 'sale']);
  });

  it('suggests practising the opening: my 30 s hang-ups are 8 points or more above my team', async () => {
    const { body } = await me(wang);
    const ids = (body as MeAnswer).suggestions.map((s) => s.id);
    expect(ids[0]).toBe('practise-opening');
    expect(ids.length).toBeLessThanOrEqual(2);
    const card = (body as MeAnswer).suggestions[0]!;
    expect(card.text.en).toContain('31 points above'); // 50.0% vs 19.4%
    expect(card.text['zh-CN']).toContain('高 31 个百分点');
  });

  it('has no data as null, never as 0 posing as data: an agent with no call and no team', async () => {
    const fresh = await person(server.url, {
      login: 'new.agent',
      name: '新人',
      role: 'agent',
      agentId: 'north-a9',
      password: 'agent-pass-99999',
    });
    const { status, body } = await me(fresh);
    expect(status).toBe(200);
    const a = meAnswerSchema.parse(body);
    expect(a.teamId).toBeNull();
    expect(a.today.team).toBeNull();
    expect(Object.values(a.today.mine.rates).every((v) => v === null)).toBe(true);
    expect(a.recognition).toEqual({ streakDays: null, celebrations: [], rank: { team: null, floor: null } });
    expect(a.goals).toEqual([]);
    expect(a.suggestions).toEqual([]);
  });

  it('is for the agent role only: 403 for every other role, 401 without a credential', async () => {
    const sup = await person(server.url, {
      login: 'wang.sup',
      name: '王主管',
      role: 'supervisor',
      teams: ['north'],
      password: 'sup-pass-12345',
    });
    const tv = await createDisplay(server.url, { name: 'North TV', scope: 'team:north' });
    expect((await me(sup)).status).toBe(403);
    for (const token of [TOKENS.VIEWER_TOKEN, TOKENS.SUPERVISOR_TOKEN, TOKENS.ANALYST_TOKEN, TOKENS.ADMIN_TOKEN, tv.secret])
      expect((await get(`${server.url}/api/v1/me`, token)).status).toBe(403);
    expect((await fetch(`${server.url}/api/v1/me`)).status).toBe(401);
  });
});

describe("another agent's numbers", () => {
  it('cannot be asked for: ?agent= is refused naming it, and the answer is always my own', async () => {
    for (const q of ['?agent=north-a2', '?agentId=north-a2', '?scope=agent:north-a2']) {
      const { status, body } = await me(wang, q);
      expect(status, q).toBe(400);
      expect(body.error, q).toMatch(/^(agent|agentId|scope): unknown parameter/);
    }
    // The doors an agent does have stay shut on a teammate: the rates and the socket.
    expect((await fetch(`${server.url}/api/v1/rates?scope=agent:north-a2&window=today`, { headers: wang.headers })).status).toBe(403);
    const screen = await screens.connect(server.url, {}, { headers: { cookie: wang.cookie } });
    expect(await screen.emitWithAck('subscribe', { scope: 'agent:north-a2', window: 'today' })).toEqual({
      ok: false,
      error: 'not yours to see',
    });
  });

  it("never reach my socket: me:update carries my numbers only, and a teammate's call updates my team total", async () => {
    const screen = await screens.connect(server.url, {}, { headers: { cookie: wang.cookie } });
    const updates = record<MeAnswer>(screen, 'me:update');
    const rates = record(screen, 'rates:update');
    await until(() => updates.length > 0, 5000, 'the first me:update');
    const before = updates.at(-1)!.data;
    // A teammate dials: my team's total moves, my own numbers do not; then I dial.
    const dial = (agentId: string, id: string) => ({
      id,
      type: 'call.dialed',
      ts: NOW - 1000,
      teamId: 'north',
      agentId,
      callId: id,
      channel: 'human',
    });
    expect((await post(`${server.url}/api/v1/events`, [dial('north-a2', 'live-a2')])).status).toBe(200);
    await until(() => updates.at(-1)!.data.today.team?.counts.dialed === before.today.team!.counts.dialed + 1, 5000, "the team's dial");
    expect(updates.at(-1)!.data.today.mine.counts.dialed).toBe(before.today.mine.counts.dialed);
    expect((await post(`${server.url}/api/v1/events`, [dial('north-a1', 'live-a1')])).status).toBe(200);
    await until(() => updates.at(-1)!.data.today.mine.counts.dialed === before.today.mine.counts.dialed + 1, 5000, 'my dial');
    expect(new Set(updates.map((u) => u.data.agentId))).toEqual(new Set(['north-a1']));
    expect(rates).toEqual([]);
    // A supervisor's socket is in no agent's room.
    const sup = await screens.connect(server.url, { token: TOKENS.SUPERVISOR_TOKEN });
    const theirs = record(sup, 'me:update');
    expect((await post(`${server.url}/api/v1/events`, [dial('north-a1', 'live-a1b')])).status).toBe(200);
    await until(() => updates.at(-1)!.data.today.mine.counts.dialed === before.today.mine.counts.dialed + 2, 5000, 'my second dial');
    expect(theirs).toEqual([]);
  });
});

describe('suggestions late in the day', () => {
  it('at 20:30, 1–3 effective calls short with the day almost over: push; with the goal met: no nag', async () => {
    clock.set(Date.parse('2026-11-20T12:30:00Z')); // 20:30 in Shanghai: 30 minutes of calling left
    try {
      const li = await person(server.url, {
        login: 'li.wei',
        name: '李伟',
        role: 'agent',
        agentId: 'north-a2',
        password: 'agent-pass-22222',
      });
      // north-a2: 1 sale of a daily goal of 1 (met), hang-ups at the team's level: a good day, no tip.
      const good = (await me(li)).body as MeAnswer;
      expect(good.suggestions.filter((s) => s.kind === 'tip')).toEqual([]);
      expect(good.suggestions.map((s) => s.id)).toContain('praise-day-met');
      const goals = await fetch(`${server.url}/api/v1/goals`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${TOKENS.ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ goals: [{ scope: 'agent:north-a2', metric: 'effective', period: 'day', target: 13 }] }),
      });
      expect(goals.status).toBe(200);
      // 11 effective (and the live dial) of 13: 2 short with 30 minutes left.
      const short = (await me(li)).body as MeAnswer;
      expect(short.suggestions[0]).toMatchObject({ id: 'push-effective', kind: 'tip' });
      expect(short.suggestions[0]!.text.en).toBe("2 more effective calls for today's goal, and 30 minutes left. One more push!");
    } finally {
      clock.set(NOW);
    }
  });
});
