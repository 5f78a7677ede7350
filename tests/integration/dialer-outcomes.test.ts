import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testClock } from '../helpers/clock.js';
import { liveAndSql } from '../helpers/live-vs-sql.js';
import { get, post, startServer, type TestServer, tempDataDir } from '../helpers/server.js';

/**
 * The answering-machine rate and the abandoned-call rate (docs/metrics.md): from answeredBy on
 * call.answered and abandoned on call.ended, live equal to SQL, across a restart, and in history.
 */
const NOW = Date.parse('2026-11-20T06:00:00Z'); // 14:00 in Shanghai
const MIN = 60_000;
const who = { teamId: 'north', agentId: 'n1' };
const answered = (n: number, answeredBy?: string) => ({
  id: `a${n}`,
  type: 'call.answered',
  ts: NOW - 10 * MIN + n * 1000,
  callId: `c${n}`,
  ...who,
  ...(answeredBy ? { answeredBy } : {}),
});
const ended = (n: number, abandoned?: boolean) => ({
  id: `e${n}`,
  type: 'call.ended',
  ts: NOW - 9 * MIN + n * 1000,
  callId: `c${n}`,
  answered: true,
  talkSeconds: 20,
  hangupBy: 'customer',
  ...who,
  ...(abandoned === undefined ? {} : { abandoned }),
});

describe('answering machines and abandoned calls through the real server', () => {
  const clock = testClock(NOW);
  const dataDir = tempDataDir('dialer-outcomes');
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ dataDir, scheduler: clock });
  });
  afterAll(async () => server.stop());

  it('with no answer at all, both rates are null ("—"), never 0', async () => {
    const { live } = await liveAndSql(server, 'floor', '15m');
    expect(live.counts).toMatchObject({ machineAnswered: 0, abandoned: 0 });
    expect(live.rates).toMatchObject({ machineRate: null, abandonRate: null });
  });

  it('counts machine answers over the answers AMD ran on, and abandoned ends over live (not machine) answers, equal to SQL', async () => {
    const body = [
      answered(1, 'human'),
      answered(2, 'machine'),
      answered(3, 'machine'),
      answered(4, 'unknown'),
      answered(5),
      ended(1, false),
      ended(4, true),
      ended(5),
    ];
    expect((await post(`${server.url}/api/v1/events`, body)).body).toMatchObject({ accepted: 8, rejected: [] });
    const { live, sql } = await liveAndSql(server, 'floor', '15m');
    expect(live.counts).toMatchObject({ answered: 5, machineAnswered: 2, amdAnswered: 4, ended: 3, abandoned: 1 });
    // 4 answers carried an AMD result (unknown included), 2 of them machines; the 5th said nothing.
    expect(live.rates.machineRate).toBeCloseTo(2 / 4, 12);
    // 5 answered, 2 of them by machines: 1 abandoned of 3 live answers.
    expect(live.rates.abandonRate).toBeCloseTo(1 / 3, 12);
    expect(live.counts).toEqual(sql);
  });

  it('refuses abandoned on an unanswered end and an unknown answeredBy, naming the field, and keeps the valid items', async () => {
    const res = await post(`${server.url}/api/v1/events`, [
      { ...ended(6, true), answered: false, talkSeconds: 0 },
      answered(7, 'fax'),
      answered(8, 'human'),
    ]);
    expect(res.status).toBe(200);
    expect(res.body.rejected).toEqual([
      { index: 0, error: 'abandoned: only an answered call (answered: true) can be abandoned' },
      { index: 1, error: 'answeredBy: must be human, machine or unknown' },
    ]);
    expect(res.body.accepted).toBe(1);
  });

  it('keeps both counts across a restart (the windows are rebuilt from the new columns)', async () => {
    const before = (await liveAndSql(server, 'agent:n1', 'today')).live.counts;
    await server.stop();
    server = await startServer({ dataDir, scheduler: clock });
    const { live, sql } = await liveAndSql(server, 'agent:n1', 'today');
    expect(live.counts).toEqual(before);
    expect(live.counts).toMatchObject({ machineAnswered: 2, abandoned: 1 });
    expect(live.counts).toEqual(sql);
  });

  it('shows the same numbers in history, per bucket and per agent', async () => {
    const series = await get(`${server.url}/api/v1/history/series?scope=floor&range=today&bucket=1d`);
    expect(series.status).toBe(200);
    expect(series.body.points).toHaveLength(1);
    expect(series.body.points[0].counts).toMatchObject({ answered: 6, machineAnswered: 2, amdAnswered: 5, abandoned: 1 });
    expect(series.body.points[0].rates.machineRate).toBeCloseTo(2 / 5, 12);
    const agents = await get(`${server.url}/api/v1/history/agents?range=today`);
    expect(agents.body.rows.find((r: { agentId: string }) => r.agentId === 'n1').rates.abandonRate).toBeCloseTo(1 / 4, 12);
  });

  it("gives each agent's latest state, its pause reason and since when, in history and pushed to supervisors", async () => {
    const state = (n: number, st: string, ts: number, reason?: string) => ({
      id: `st${n}`,
      type: 'agent.state',
      ts,
      ...who,
      state: st,
      ...(reason ? { reason } : {}),
    });
    const body = [state(1, 'available', NOW - 8 * MIN), state(2, 'break', NOW - 5 * MIN, 'LUNCH'), state(3, 'on_call', NOW - 6 * MIN)];
    expect((await post(`${server.url}/api/v1/events`, body)).body).toMatchObject({ accepted: 3 });
    const agents = await get(`${server.url}/api/v1/history/agents?range=today`);
    const n1 = agents.body.rows.find((r: { agentId: string }) => r.agentId === 'n1');
    // The latest by time, not by arrival: the break since 5 minutes ago, for lunch.
    expect(n1).toMatchObject({ state: 'break', stateReason: 'LUNCH', stateSince: new Date(NOW - 5 * MIN).toISOString() });
    // An agent with no state event in the range: no state, no reason, no since (shown "—").
    await post(`${server.url}/api/v1/events`, [{ ...answered(20), agentId: 'n2', callId: 'c20' }]);
    const n2 = (await get(`${server.url}/api/v1/history/agents?range=today`)).body.rows.find(
      (r: { agentId: string }) => r.agentId === 'n2',
    );
    expect(n2).toMatchObject({ state: '', stateReason: '', stateSince: null });
  });

  it('answers without any AMD result leave the machine rate null ("—"), not 0%', async () => {
    // Another agent's calls, from a dialer that runs no AMD: answered, but nobody screened them.
    const plain = [1, 2].map((n) => ({ ...answered(30 + n), agentId: 'p1', callId: `p${n}` }));
    expect((await post(`${server.url}/api/v1/events`, plain)).body).toMatchObject({ accepted: 2 });
    const { live, sql } = await liveAndSql(server, 'agent:p1', '15m');
    expect(live.counts).toMatchObject({ answered: 2, amdAnswered: 0, machineAnswered: 0 });
    expect(live.rates.machineRate).toBeNull();
    expect(live.counts).toEqual(sql);
  });

  it('ends that never say whether they were abandoned leave the abandon rate null ("—"); one that says makes a real 0', async () => {
    // The same dialer's ends, without `abandoned` (the demo's simulator, a vendor without the notion).
    const ends = [1, 2].map((n) => ({ ...ended(30 + n), agentId: 'p1', callId: `p${n}` }));
    expect((await post(`${server.url}/api/v1/events`, ends)).body).toMatchObject({ accepted: 2 });
    const before = await liveAndSql(server, 'agent:p1', '15m');
    expect(before.live.counts).toMatchObject({ answered: 2, ended: 2, abandoned: 0, abandonReported: 0 });
    expect(before.live.rates.abandonRate).toBeNull();
    expect(before.live.counts).toEqual(before.sql);
    // A third call whose end says "not abandoned": now the dialer judges, and nobody abandoned of 3 live answers is 0 %.
    const judged = [
      { ...answered(33), agentId: 'p1', callId: 'p3' },
      { ...ended(33, false), agentId: 'p1', callId: 'p3' },
    ];
    expect((await post(`${server.url}/api/v1/events`, judged)).body).toMatchObject({ accepted: 2 });
    const after = await liveAndSql(server, 'agent:p1', '15m');
    expect(after.live.counts).toMatchObject({ answered: 3, abandoned: 0, abandonReported: 1 });
    expect(after.live.rates.abandonRate).toBe(0);
    expect(after.live.counts).toEqual(after.sql);
    // And after a restart, rebuilt from ClickHouse: the end that said false is still one that said.
    await server.stop();
    server = await startServer({ dataDir, scheduler: clock });
    expect((await liveAndSql(server, 'agent:p1', '15m')).live.counts).toMatchObject({ abandoned: 0, abandonReported: 1 });
  });
});
