import {
  honoursAnswerSchema,
  type MyScoresAnswer,
  myScoresAnswerSchema,
  type ScoresAnswer,
  scoreCards,
  scoresAnswerSchema,
  scoreWeightsAnswerSchema,
} from '@floorpulse/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreDifferences } from '../../tools/lib/score-check.js';
import { testClock } from '../helpers/clock.js';
import { createDisplay, person, type Session } from '../helpers/people.js';
import { get, post, startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';

/**
 * The weighted scores (docs/metrics.md, "Weighted scores"): each part and each score against numbers
 * worked out by hand, the windows' edges in New York's time (daylight saving begins 2026-03-08 and ends
 * 2026-11-01), the admin's weights with their refusals, and the agent's own /me/scores.
 */
const ZONE = 'America/New_York';
const NOW = Date.parse('2026-11-18T17:00:00Z'); // Wednesday 12:00 EST
const clock = testClock(NOW);
let server: TestServer;
let a1: Session;
const admin = { authorization: `Bearer ${TOKENS.ADMIN_TOKEN}`, 'content-type': 'application/json' };

/** `dials` dials at local 14:00 (19:00Z in winter) of `date`, the first `answered` answered, the first `sales` of those sold. */
function day(agent: string, date: string, dials: number, answered: number, sales: number): object[] {
  const t0 = Date.parse(`${date}T19:00:00Z`);
  return Array.from({ length: dials }, (_, i) => {
    const base = { teamId: 'north', agentId: agent, callId: `${agent}-${date}-${i}` };
    const ts = t0 + i * 60_000;
    return [
      { ...base, id: `${base.callId}-d`, type: 'call.dialed', ts, channel: 'human' },
      ...(i < answered ? [{ ...base, id: `${base.callId}-a`, type: 'call.answered', ts: ts + 5_000 }] : []),
      ...(i < sales ? [{ ...base, id: `${base.callId}-o`, type: 'call.outcome', ts: ts + 50_000, outcome: 'sale' }] : []),
    ];
  }).flat();
}
const rated = (agent: string, id: string, ts: string, satisfaction: number) => ({
  id,
  type: 'call.rated',
  ts: Date.parse(ts),
  teamId: 'north',
  agentId: agent,
  callId: `${id}-call`,
  satisfaction,
});

const scores = async (period: string, token: string = TOKENS.SUPERVISOR_TOKEN): Promise<ScoresAnswer> => {
  const res = await get(`${server.url}/api/v1/scores?period=${period}`, token);
  expect(res.status).toBe(200);
  return scoresAnswerSchema.parse(res.body);
};
const of = (a: ScoresAnswer, agent: string) => a.agents.find((x) => x.agentId === agent);
const part = (card: { parts: { part: string; value: number | null }[] }, name: string) => card.parts.find((p) => p.part === name)?.value;

beforeAll(async () => {
  server = await startServer({
    dataDir: tempDataDir('scores'),
    scheduler: clock,
    env: { FLOOR_TZ: ZONE, SCORE_DAILY_DIALS: '20', CONVERSION_TARGET: '0.25', LIVE_HORIZON_MINUTES: '1440' },
  });
  const events = [
    // November: Mon 2 (an earlier week), Mon 16 and Tue 17 (this week); a violation on one call of the 17th.
    ...day('a1', '2026-11-02', 10, 5, 0),
    ...day('a1', '2026-11-16', 10, 4, 1),
    ...day('a1', '2026-11-17', 10, 4, 0),
    {
      id: 'v1',
      type: 'compliance.flag',
      ts: Date.parse('2026-11-17T19:01:00Z'),
      teamId: 'north',
      agentId: 'a1',
      callId: 'a1-2026-11-17-1',
      rule: 'script',
      severity: 'violation',
    },
    rated('a1', 'r1', '2026-11-16T20:00:00Z', 5),
    rated('a1', 'r2', '2026-11-17T20:00:00Z', 3),
    rated('a1', 'r3', '2026-11-18T15:00:00Z', 3), // today, 10:00 EST
    {
      id: 'q1',
      type: 'qa.scored',
      ts: Date.parse('2026-11-17T21:00:00Z'),
      teamId: 'north',
      agentId: 'a1',
      callId: 'a1-2026-11-17-0',
      scriptAccuracy: 80,
      needsDiscovery: 60,
      attitude: 100,
    },
    // Edges in New York's time, as ratings (a rating is no dial: no calling-hours flag at night).
    rated('edge', 'e-mar-sun', '2026-03-09T03:30:00Z', 5), // Sun 8 Mar 23:30 EDT: the week of 2 March
    rated('edge', 'e-mar-mon', '2026-03-09T04:30:00Z', 1), // Mon 9 Mar 00:30 EDT: the week of 9 March
    rated('edge', 'e-oct-31', '2026-11-01T03:30:00Z', 5), // Sat 31 Oct 23:30 EDT: October
    rated('edge', 'e-nov-01', '2026-11-01T04:30:00Z', 1), // Sun 1 Nov 00:30 EDT: November, and the week of 26 October
    rated('edge', 'e-nov-01-late', '2026-11-02T04:30:00Z', 3), // Sun 1 Nov 23:30 EST: still the week of 26 October
    rated('edge', 'e-nov-02', '2026-11-02T05:30:00Z', 2), // Mon 2 Nov 00:30 EST: the week of 2 November
  ];
  expect((await post(`${server.url}/api/v1/events`, events)).status).toBe(200);
  a1 = await person(server.url, { login: 'a1', name: 'Ann', role: 'agent', agentId: 'a1', password: 'agent-pass-67890' });
});
afterAll(async () => {
  await server.stop();
});

describe('weighted scores', () => {
  it('the week: every part and both scores as worked out by hand', async () => {
    const week = await scores('week');
    expect(week.from).toBe('2026-11-16T05:00:00.000Z');
    expect(week.to).toBe('2026-11-23T05:00:00.000Z');
    const s = of(week, 'a1')!;
    expect(s.counts).toMatchObject({ dialed: 20, answered: 8, sales: 1, violations: 1, rated: 3, qaScored: 1, daysDialed: 2 });
    // volume 20 ÷ (20 × 2 days) = 0.5; conversion (1 ÷ 8) ÷ 0.25 = 0.5; satisfaction (11/3 − 1) ÷ 4 = 2/3; compliance 1 − 1/20 = 0.95
    expect(part(s.kpi, 'volume')).toBeCloseTo(0.5, 9);
    expect(part(s.kpi, 'conversion')).toBeCloseTo(0.5, 9);
    expect(part(s.kpi, 'satisfaction')).toBeCloseTo(2 / 3, 9);
    expect(part(s.kpi, 'compliance')).toBeCloseTo(0.95, 9);
    // 20×0.5 + 30×0.5 + 30×2/3 + 20×0.95 = 10 + 15 + 20 + 19
    expect(s.kpi.score).toBeCloseTo(64, 9);
    // 40×0.8 + 30×0.6 + 30×1.0
    expect(s.quality.score).toBeCloseTo(80, 9);
    // The same in TypeScript from the counts: what the reconcile tool checks.
    const ts = scoreCards(s.counts, week.weights, week.targets);
    expect(ts.kpi.score).toBeCloseTo(s.kpi.score!, 9);
    expect(ts.quality.score).toBeCloseTo(s.quality.score!, 9);
  });

  it('the month adds the earlier week; the day has only a rating, so only satisfaction counts and the rest is "—"', async () => {
    const month = of(await scores('month'), 'a1')!;
    // volume 30 ÷ 60 = 0.5; conversion (1/13) ÷ 0.25; satisfaction 2/3; compliance 1 − 1/30
    const kpi = 20 * 0.5 + 30 * (1 / 13 / 0.25) + 30 * (2 / 3) + 20 * (1 - 1 / 30);
    expect(month.kpi.score).toBeCloseTo(kpi, 9);
    const today = of(await scores('day'), 'a1')!;
    expect(today.kpi.parts.map((p) => p.value)).toEqual([null, null, 0.5, null]);
    // Its weight is the only one with data: (30 × 0.5) ÷ 30.
    expect(today.kpi.score).toBeCloseTo(50, 9);
    expect(today.quality.score).toBeNull();
  });

  it('the reconcile check: every score and part of the SQL equals TypeScript over its counts, and a changed one is reported', async () => {
    for (const period of ['day', 'week', 'month']) expect(scoreDifferences(await scores(period))).toEqual([]);
    const week = await scores('week');
    const a = of(week, 'a1')!;
    a.counts.sales = 2; // conversion 0.5 → 1, KPI 64 → 79 in TypeScript; the SQL said otherwise
    expect(scoreDifferences(week).map((d) => [d.agentId, d.field])).toEqual([
      ['a1', 'kpi'],
      ['a1', 'conversion'],
    ]);
  });

  it("the week and the month start at New York's local midnight across both daylight-saving changes", async () => {
    clock.set(Date.parse('2026-03-09T12:00:00Z')); // Monday 9 March, EDT since Sunday
    try {
      const week = await scores('week');
      expect(week.from).toBe('2026-03-09T04:00:00.000Z');
      expect(of(week, 'edge')?.counts.satisfactionSum).toBe(1);
      clock.set(Date.parse('2026-03-08T12:00:00Z')); // the DST Sunday itself: the week of 2 March (EST Monday)
      const before = await scores('week');
      expect([before.from, before.to]).toEqual(['2026-03-02T05:00:00.000Z', '2026-03-09T04:00:00.000Z']);
      expect(of(before, 'edge')?.counts.satisfactionSum).toBe(5);
      clock.set(Date.parse('2026-11-01T12:00:00Z')); // Sunday 1 November, EST from 02:00
      const nov = await scores('month');
      expect(nov.from).toBe('2026-11-01T04:00:00.000Z');
      const week26 = await scores('week');
      expect([week26.from, week26.to]).toEqual(['2026-10-26T04:00:00.000Z', '2026-11-02T05:00:00.000Z']);
      expect(of(week26, 'edge')?.counts).toMatchObject({ rated: 3, satisfactionSum: 5 + 1 + 3 });
      clock.set(Date.parse('2026-10-31T12:00:00Z'));
      expect(of(await scores('month'), 'edge')?.counts).toMatchObject({ rated: 1, satisfactionSum: 5 });
    } finally {
      clock.set(NOW);
    }
  });

  it('an admin sets the weights; a bad one is refused naming the field, and a supervisor may not set them', async () => {
    const put = (body: unknown, headers: Record<string, string> = admin) =>
      fetch(`${server.url}/api/v1/scores/weights`, { method: 'PUT', headers, body: JSON.stringify(body) });
    const quality = { script: 40, discovery: 30, attitude: 30 };
    const sum90 = await put({ kpi: { volume: 10, conversion: 30, satisfaction: 30, compliance: 20 }, quality });
    expect(sum90.status).toBe(400);
    expect((await sum90.json()).error).toBe('kpi: weights must sum to 100');
    const over = await put({ kpi: { volume: 101, conversion: 0, satisfaction: 0, compliance: 0 }, quality });
    expect(((await over.json()) as { error: string }).error).toMatch(/^kpi\.volume: /);
    const missing = await put({ kpi: { volume: 50, conversion: 50, satisfaction: 0 }, quality });
    expect(((await missing.json()) as { error: string }).error).toBe('kpi.compliance: is required');
    const asSupervisor = await put(
      { kpi: { volume: 0, conversion: 50, satisfaction: 50, compliance: 0 }, quality },
      { authorization: `Bearer ${TOKENS.SUPERVISOR_TOKEN}`, 'content-type': 'application/json' },
    );
    expect(asSupervisor.status).toBe(403);
    const ok = await put({ kpi: { volume: 0, conversion: 50, satisfaction: 50, compliance: 0 }, quality });
    expect(ok.status).toBe(200);
    expect((await ok.json()).version).toBe(1);
    // 50×0.5 + 50×2/3
    expect(of(await scores('week'), 'a1')?.kpi.score).toBeCloseTo(25 + 100 / 3, 9);
    const read = await get(`${server.url}/api/v1/scores/weights`, TOKENS.SUPERVISOR_TOKEN);
    scoreWeightsAnswerSchema.parse(read.body);
    expect(read.body.weights.kpi).toEqual({ volume: 0, conversion: 50, satisfaction: 50, compliance: 0 });
    expect(read.body.by).toBe('admin');
  });

  it("/me/scores: my day, week and month, each with its parts; nobody else's", async () => {
    const res = await fetch(`${server.url}/api/v1/me/scores`, { headers: a1.headers });
    expect(res.status).toBe(200);
    const mine: MyScoresAnswer = myScoresAnswerSchema.parse(await res.json());
    expect(mine.periods.map((p) => p.period)).toEqual(['day', 'week', 'month']);
    const week = mine.periods[1]!;
    expect(week.scores?.counts.dialed).toBe(20);
    expect(week.scores?.quality.score).toBeCloseTo(80, 9);
    const other = await fetch(`${server.url}/api/v1/me/scores?agent=edge`, { headers: a1.headers });
    expect(other.status).toBe(400);
    expect((await other.json()).error).toMatch(/^agent: /);
    expect((await get(`${server.url}/api/v1/scores?period=year`, TOKENS.SUPERVISOR_TOKEN)).body.error).toMatch(/^period: /);
  });

  it("the honour roll's champions: the most sales, revenue and hot leads by people, ties by sales, revenue, then id; robots never", async () => {
    const sale = (agent: string, n: number, o: { amount?: number; channel?: string; lead?: string } = {}) => {
      const base = { teamId: 'north', agentId: agent, callId: `champ-${agent}-${n}` };
      const ts = Date.parse('2026-11-10T19:00:00Z') + n * 60_000;
      return [
        {
          ...base,
          id: `${base.callId}-d`,
          type: 'call.dialed',
          ts,
          channel: o.channel ?? 'human',
          ...(o.lead ? { leadCallId: o.lead } : {}),
        },
        { ...base, id: `${base.callId}-a`, type: 'call.answered', ts: ts + 5000 },
        {
          ...base,
          id: `${base.callId}-o`,
          type: 'call.outcome',
          ts: ts + 30_000,
          outcome: 'sale',
          ...(o.amount ? { amount: o.amount } : {}),
        },
      ];
    };
    const events = [
      ...sale('a3', 1),
      ...sale('a3', 2),
      ...sale('a4', 3),
      ...sale('a4', 4),
      ...sale('a2', 5, { amount: 500, lead: 'bot-call-1' }),
      ...[6, 7, 8, 9, 10].flatMap((n) => sale('r9', n, { amount: 9999, channel: 'robot' })),
    ];
    expect((await post(`${server.url}/api/v1/events`, events)).status).toBe(200);
    const res = await get(`${server.url}/api/v1/honours`, TOKENS.VIEWER_TOKEN);
    expect(res.status).toBe(200);
    const month = honoursAnswerSchema.parse(res.body).champions.find((c) => c.period === 'month')!;
    expect(month.from).toBe('2026-11-01T04:00:00.000Z');
    // a3 and a4 have 2 sales each and no amounts: the smaller id; a1's single sale and a2's are fewer.
    expect(month.by.sales).toMatchObject({ agentId: 'a3', value: 2 });
    expect(month.by.revenue).toMatchObject({ agentId: 'a2', value: 500 });
    expect(month.by.hotLeads).toMatchObject({ agentId: 'a2', value: 1 });
    expect(res.body.champions.map((c: { period: string }) => c.period)).toEqual(['month', 'quarter', 'year']);
    // A team's TV sees its team's honours: south has no sale, so no champion ("—"), not north's.
    const south = await createDisplay(server.url, { name: 'South TV', scope: 'team:south' });
    const tv = honoursAnswerSchema.parse((await get(`${server.url}/api/v1/honours`, south.secret)).body);
    expect(tv.champions[0]?.by).toEqual({ sales: null, revenue: null, hotLeads: null });
    const north = await createDisplay(server.url, { name: 'North TV', scope: 'team:north' });
    expect(honoursAnswerSchema.parse((await get(`${server.url}/api/v1/honours`, north.secret)).body).champions[0]?.by.sales?.agentId).toBe(
      'a3',
    );
  });
});
