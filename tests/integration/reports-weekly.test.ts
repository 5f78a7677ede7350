import { REPORT_METRICS, type ReportStats, reportChange, type WeeklyReportAnswer, weeklyReportAnswerSchema } from '@floorpulse/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countsFromSql } from '../../server/src/storage/events-repo.js';
import { testClock } from '../helpers/clock.js';
import { eventually } from '../helpers/eventually.js';
import { get, post, startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';

// Wednesday 4 November 2026, 12:00 in New York (EST, UTC−5): the Sunday before, 1 November, clocks went
// back from EDT (UTC−4). This week began Monday 2 November 00:00 EST = 05:00Z; last week Monday 26 October
// 00:00 EDT = 04:00Z, and is cut at Wednesday 28 October 12:00 EDT = 16:00Z (the same wall-clock time).
const NOW = Date.parse('2026-11-04T17:00:00Z');
const THIS_FROM = Date.parse('2026-11-02T05:00:00Z');
const LAST_FROM = Date.parse('2026-10-26T04:00:00Z');
const LAST_TO = Date.parse('2026-10-28T16:00:00Z');
const SUP = TOKENS.SUPERVISOR_TOKEN;

let seq = 0;
const ev = (type: string, ts: number, teamId: string, callId: string, extra: Record<string, unknown> = {}) => ({
  id: `rw-${++seq}`,
  type,
  ts,
  teamId,
  agentId: `${teamId}-a1`,
  callId,
  channel: 'human',
  ...extra,
});
/** One call: dialled, and when answered, ended after `talk` seconds (hung up by `by`), with an outcome. */
function call(ts: number, teamId: string, o: { answered: boolean; talk?: number; by?: string; sale?: number; rated?: number }) {
  const id = `c-${++seq}`;
  const out = [ev('call.dialed', ts, teamId, id)];
  if (!o.answered) return out;
  out.push(ev('call.answered', ts + 1000, teamId, id));
  out.push(ev('call.ended', ts + 2000, teamId, id, { answered: true, talkSeconds: o.talk ?? 0, hangupBy: o.by ?? 'agent' }));
  if (o.sale !== undefined) out.push(ev('call.outcome', ts + 3000, teamId, id, { outcome: 'sale', amount: o.sale }));
  if (o.rated !== undefined) out.push(ev('call.rated', ts + 4000, teamId, id, { satisfaction: o.rated }));
  return out;
}

describe('weekly report: this week against last, per team and floor, in the floor zone', () => {
  const clock = testClock(NOW);
  let server: TestServer;
  let report: WeeklyReportAnswer;
  const side = (scope: string, w: 'thisWeek' | 'lastWeek'): ReportStats => {
    const s = report.scopes.find((x) => x.scope === scope)?.[w];
    if (!s) throw new Error(`no ${w} for ${scope}`);
    return s;
  };
  const value = (s: ReportStats, key: string) => REPORT_METRICS.find((m) => m.key === key)!.value(s);

  beforeAll(async () => {
    server = await startServer({
      dataDir: tempDataDir('reports-weekly'),
      scheduler: clock,
      env: { FLOOR_TZ: 'America/New_York', CALL_HOURS: '00:00-23:59' },
    });
    const events = [
      // This week, north: 4 dials, 3 answered; talk 70 s, 20 s (a customer's early hang-up), 90 s; one sale of 250, rated 4 and 2.
      ...call(THIS_FROM, 'north', { answered: true, talk: 70, sale: 250, rated: 4 }), // Monday 00:00:00 EST: this week's first instant
      ...call(NOW - 3_600_000, 'north', { answered: true, talk: 20, by: 'customer', rated: 2 }),
      ...call(NOW - 7_200_000, 'north', { answered: true, talk: 90 }),
      ...call(NOW - 600_000, 'north', { answered: false }),
      // This week, south: 1 dial, unanswered.
      ...call(NOW - 600_000, 'south', { answered: false }),
      // Last week, north: 2 dials, 1 answered (talk 65 s) — one at its very first instant, Monday 00:00 EDT.
      ...call(LAST_FROM, 'north', { answered: true, talk: 65 }),
      // Sunday 1 November 23:59:59 EST (04:59:59Z, after the clocks went back): still last week… but after its cut
      // (Wednesday 12:00): last week runs to the same wall-clock time as now, so this dial is out of both.
      ev('call.dialed', THIS_FROM - 1000, 'north', 'c-sun'),
      ...call(LAST_TO - 60_000, 'north', { answered: false }), // Wednesday 11:59 EDT: in
      ev('call.dialed', LAST_TO, 'north', 'c-late'), // Wednesday 12:00 EDT: the cut itself, out
      ev('call.dialed', LAST_FROM - 1, 'north', 'c-before'), // Sunday 25 October 23:59:59.999 EDT: the week before, out
    ];
    const res = await post(`${server.url}/api/v1/events`, events);
    expect(res.status).toBe(200);
    expect(res.body.rejected ?? []).toEqual([]);
    // Two help requests in north ten minutes ago; a supervisor acknowledges one after 30 s and the other after 90 s.
    clock.set(NOW - 600_000);
    await post(`${server.url}/api/v1/events`, [
      { id: 'h1', type: 'help.requested', ts: NOW - 601_000, teamId: 'north', agentId: 'north-a1' },
      { id: 'h2', type: 'help.requested', ts: NOW - 601_000, teamId: 'north', agentId: 'north-a2' },
    ]);
    await eventually('two help alerts', async () =>
      (await get(`${server.url}/api/v1/alerts`, SUP)).body.alerts.length === 2 ? true : undefined,
    );
    const alerts = (await get(`${server.url}/api/v1/alerts`, SUP)).body.alerts as { id: string; openedAt: string }[];
    const opened = Date.parse(alerts[0]!.openedAt);
    for (const [a, secs] of [
      [alerts[0]!, 30],
      [alerts[1]!, 90],
    ] as const) {
      clock.set(Date.parse(a.openedAt) + secs * 1000);
      const r = await fetch(`${server.url}/api/v1/alerts/${encodeURIComponent(a.id)}/ack`, {
        method: 'POST',
        headers: { authorization: `Bearer ${SUP}`, 'content-type': 'application/json' },
        body: '{}',
      });
      expect(r.status).toBe(200);
    }
    expect(opened).toBeGreaterThan(THIS_FROM);
    clock.set(NOW);
    const res2 = await get(`${server.url}/api/v1/reports/weekly`);
    expect(res2.status).toBe(200);
    report = weeklyReportAnswerSchema.parse(res2.body);
  });
  afterAll(() => server?.stopAll());

  it('starts weeks at the local Monday midnight on both sides of the daylight-saving change', () => {
    expect(report.tz).toBe('America/New_York');
    expect(report.weekStart).toBe('monday');
    expect(report.thisWeek).toEqual({ from: new Date(THIS_FROM).toISOString(), to: new Date(NOW).toISOString(), startDay: '2026-11-02' });
    expect(report.lastWeek).toEqual({
      from: new Date(LAST_FROM).toISOString(),
      to: new Date(LAST_TO).toISOString(),
      startDay: '2026-10-26',
    });
  });

  it('counts each week as computed by hand', () => {
    const north = side('team:north', 'thisWeek');
    expect(north.counts).toMatchObject({
      dialed: 4,
      answered: 3,
      ended: 3,
      earlyHangups: 1,
      effective: 2,
      sales: 1,
      revenue: 250,
      rated: 2,
    });
    expect(value(north, 'connectRate')).toBeCloseTo(3 / 4);
    expect(value(north, 'conversionRate')).toBeCloseTo(1 / 3);
    expect(value(north, 'avgTalkSeconds')).toBeCloseTo((70 + 20 + 90) / 3);
    expect(value(north, 'avgSatisfaction')).toBeCloseTo(3);
    expect(value(north, 'hotLeadConversion')).toBeNull(); // no follow-up of a robot lead: "—", not 0
    expect(north.helpRequests).toBe(2);
    expect(north.alerts).toBe(2);
    // p50 of {30, 90} = 60, p90 = 30 + 0.9·60 = 84.
    expect(north.ackP50).toBeCloseTo(60);
    expect(north.ackP90).toBeCloseTo(84);
    expect(north.resolveP50).toBeNull();
    const lastNorth = side('team:north', 'lastWeek');
    expect(lastNorth.counts).toMatchObject({ dialed: 2, answered: 1, effective: 1, sales: 0 });
    expect(lastNorth.alerts).toBe(0);
    expect(side('floor', 'thisWeek').counts.dialed).toBe(5);
    expect(report.scopes.find((s) => s.scope === 'team:south')?.lastWeek).toBeNull();
  });

  it('adds the points the ledger awarded in each week, equal to the ledger read on its own', async () => {
    const ledger = async (teamId: string, from: number, to: number) => {
      const rs = await server.store.client.query({
        query:
          'SELECT sum(points) AS p, count() AS n FROM points_ledger FINAL WHERE team_id = {teamId:String} AND at >= fromUnixTimestamp64Milli({from:Int64}) AND at < fromUnixTimestamp64Milli({to:Int64})',
        query_params: { teamId, from, to },
        format: 'JSONEachRow',
      });
      const [r] = (await rs.json()) as { p: string; n: string }[];
      return Number(r?.n) === 0 ? null : Number(r?.p);
    };
    // The ledger writes a second after the batches at most: read until both sides have this week's awards.
    await eventually(
      "the weekly report to carry the ledger's points",
      async () => {
        const r = weeklyReportAnswerSchema.parse((await get(`${server.url}/api/v1/reports/weekly`)).body);
        const north = r.scopes.find((x) => x.scope === 'team:north')!;
        const mine = await ledger('north', THIS_FROM, NOW);
        return mine !== null && north.thisWeek?.points === mine ? { north, last: await ledger('north', LAST_FROM, LAST_TO) } : null;
      },
      10_000,
    ).then(({ north, last }) => {
      // A sale (+20) and effective conversations (+2 each) this week: points, not "—".
      expect(north.thisWeek!.points).toBeGreaterThan(0);
      expect(north.lastWeek?.points ?? null).toBe(last);
    });
  });

  it('gives the change as computed by hand: points for a share, a ratio for a count', () => {
    const m = (k: string) => REPORT_METRICS.find((x) => x.key === k)!;
    const a = side('team:north', 'thisWeek');
    const b = side('team:north', 'lastWeek');
    expect(reportChange(m('dialed'), m('dialed').value(a), m('dialed').value(b))).toEqual({ delta: 2, relative: 1 });
    const c = reportChange(m('connectRate'), m('connectRate').value(a), m('connectRate').value(b));
    expect(c.delta).toBeCloseTo(0.75 - 0.5);
    expect(c.relative).toBeNull();
    // Points below zero last week (violations cost): the difference, never a "−50 %" for a gain.
    expect(reportChange(m('points'), -11_582, -23_332)).toEqual({ delta: 11_750, relative: null });
    expect(REPORT_METRICS.length).toBeGreaterThanOrEqual(20);
  });

  it('equals the reference SQL of docs/metrics.md for every scope and week, and its own SQL', async () => {
    const thresholds = { earlyHangupSeconds: 30, effectiveSeconds: 60 };
    for (const s of report.scopes) {
      for (const w of ['thisWeek', 'lastWeek'] as const) {
        const period = report[w];
        const counts = await countsFromSql(server.store.client, {
          scope: s.scope as 'floor',
          fromMs: Date.parse(period.from),
          toMs: Date.parse(period.to),
          ...thresholds,
        });
        expect(s[w]?.counts ?? counts, `${s.scope} ${w}`).toEqual(counts);
      }
    }
    const rs = await server.store.client.query({ query: report.sql, query_params: report.params, format: 'JSONEachRow' });
    expect((await rs.json()).length).toBe(report.scopes.reduce((n, s) => n + (s.thisWeek ? 1 : 0) + (s.lastWeek ? 1 : 0), 0));
  });

  it('refuses a bad week naming the field, and an ingest token', async () => {
    const bad = await get(`${server.url}/api/v1/reports/weekly?week=2026-13-01`);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/^week: /);
    const future = await get(`${server.url}/api/v1/reports/weekly?week=2026-12-30`);
    expect(future.status).toBe(400);
    expect((await get(`${server.url}/api/v1/reports/weekly`, TOKENS.INGEST_TOKEN)).status).toBe(403);
  });

  it('reports a past week whole, against the whole week before it', async () => {
    const res = await get(`${server.url}/api/v1/reports/weekly?week=2026-10-28`);
    expect(res.status).toBe(200);
    const past = weeklyReportAnswerSchema.parse(res.body);
    // 26 October 00:00 EDT to 2 November 00:00 EST: 169 hours, the week the clocks went back.
    expect(past.thisWeek).toEqual({
      from: new Date(LAST_FROM).toISOString(),
      to: new Date(THIS_FROM).toISOString(),
      startDay: '2026-10-26',
    });
    const north = past.scopes.find((s) => s.scope === 'team:north')?.thisWeek;
    expect(north?.counts.dialed).toBe(4); // LAST_FROM, LAST_TO − 1 min, the cut, and Sunday 23:59:59
  });
});
