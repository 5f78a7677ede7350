import { averageOf, inconsistentRates, RATE_KEYS } from '@floorpulse/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ratesFromSql } from '../../server/src/storage/events-repo.js';
import { testClock } from '../helpers/clock.js';
import { liveAndSql } from '../helpers/live-vs-sql.js';
import { get, post, startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';

const NOW = Date.parse('2026-11-20T07:30:00.000Z');
let seq = 0;
/** One event of a call; `teamId`, `agentId` and `channel` default to a person on team t-<n>. */
function ev(type: string, callId: string, extra: Record<string, unknown> = {}) {
  seq += 1;
  return { id: `mm-${seq}`, type, ts: NOW - 120_000 + seq, teamId: 'rej', agentId: 'h1', callId, channel: 'human', ...extra };
}

async function sqlRates(server: TestServer, scope: string, window: string) {
  const { live, sql } = await liveAndSql(server, scope, window);
  const rates = await ratesFromSql(server.store.client, {
    scope: live.scope,
    fromMs: Date.parse(live.from),
    toMs: Date.parse(live.to),
    earlyHangupSeconds: server.config.EARLY_HANGUP_SECONDS,
    effectiveSeconds: server.config.EFFECTIVE_SECONDS,
  });
  return { live, sql, rates };
}

describe('the numbers the floor material names', () => {
  const clock = testClock(NOW);
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ dataDir: tempDataDir('metrics-motivation'), scheduler: clock });
  });
  afterAll(async () => {
    await server.stopAll();
  });

  it('withholds a connect rate of 200% (a dial rejected, its answer accepted) as "—" with a data-quality flag', async () => {
    const res = await post(`${server.url}/api/v1/events`, [
      ev('call.dialed', 'rej-a'),
      ev('call.answered', 'rej-a'),
      // The dial of rej-b is refused (a number that is no phone number); its answer is valid and lands.
      ev('call.dialed', 'rej-b', { phone: 'not a phone' }),
      ev('call.answered', 'rej-b'),
    ]);
    expect(res.body.accepted).toBe(3);
    expect(res.body.rejected.map((r: { index: number }) => r.index)).toEqual([2]);
    const { live, sql, rates } = await sqlRates(server, 'team:rej', '15m');
    expect(live.counts).toEqual(sql);
    expect(live.counts).toMatchObject({ dialed: 1, answered: 2 });
    expect(live.rates.connectRate).toBeNull();
    expect(rates.connectRate).toBeNull();
    expect(inconsistentRates(live.counts)).toEqual(['connectRate']);
    for (const k of RATE_KEYS) expect(live.rates[k]).toEqual(rates[k]);
    const report = (await get(`${server.url}/api/v1/reconcile`, TOKENS.ADMIN_TOKEN)).body;
    expect(report.differences).toEqual([]);
    expect(report.dataQuality).toContainEqual({ scope: 'team:rej', window: '15m', rates: ['connectRate'] });
  });

  it('counts hot leads: robots screen, people close; the follow-up is known on its answer and sale from its dial', async () => {
    const robot = { teamId: 'hot', agentId: 'bot-1', channel: 'robot' };
    const wang = { teamId: 'hot', agentId: 'wang' };
    // Batch 1: the robot screens two leads; a person dials both back (the dials carry leadCallId), and one ordinary call.
    const first = await post(`${server.url}/api/v1/events`, [
      ev('call.dialed', 'bot-a', robot),
      ev('call.outcome', 'bot-a', { ...robot, outcome: 'lead' }),
      ev('call.dialed', 'bot-b', robot),
      ev('call.outcome', 'bot-b', { ...robot, outcome: 'lead', channel: undefined }),
      ev('call.dialed', 'wang-1', { ...wang, leadCallId: 'bot-a' }),
      ev('call.dialed', 'wang-2', { ...wang, leadCallId: 'bot-b' }),
      ev('call.dialed', 'wang-3', wang),
    ]);
    expect(first.body).toMatchObject({ accepted: 7, rejected: [] });
    // Batch 2: the answers and outcomes carry no leadCallId (the contract refuses it there); ingest knows it from the dial.
    const second = await post(`${server.url}/api/v1/events`, [
      ev('call.answered', 'wang-1', wang),
      ev('call.outcome', 'wang-1', { ...wang, outcome: 'sale', amount: 1200 }),
      ev('call.answered', 'wang-2', wang),
      ev('call.outcome', 'wang-2', { ...wang, outcome: 'not_interested' }),
      ev('call.answered', 'wang-3', wang),
      ev('call.outcome', 'wang-3', { ...wang, outcome: 'sale' }),
      ev('call.answered', 'wang-4', { ...wang, leadCallId: 'bot-a' }),
    ]);
    expect(second.body.accepted).toBe(6);
    expect(second.body.rejected).toEqual([{ index: 6, error: 'leadCallId: unknown field' }]);

    const team = await sqlRates(server, 'team:hot', 'today');
    expect(team.live.counts).toEqual(team.sql);
    // By hand: 2 follow-ups dialled and answered, 1 sold; 2 leads screened by the robot; 2 sales in all.
    expect(team.live.counts).toMatchObject({ hotLeadDialed: 2, hotLeadAnswered: 2, hotLeadSales: 1, robotLeads: 2, sales: 2, leads: 2 });
    expect(team.live.rates.hotLeadConversion).toBe(0.5);
    expect(team.rates.hotLeadConversion).toBe(0.5);
    const robotSide = await sqlRates(server, 'channel:robot', '15m');
    expect(robotSide.live.counts).toEqual(robotSide.sql);
    expect(robotSide.live.counts.robotLeads).toBe(2);
    expect(robotSide.live.counts.hotLeadDialed).toBe(0);
    const person = await sqlRates(server, 'agent:wang', '1h');
    expect(person.live.counts).toEqual(person.sql);
    expect(person.live.counts).toMatchObject({ hotLeadDialed: 2, hotLeadAnswered: 2, hotLeadSales: 1, robotLeads: 0 });

    const hist = await get(`${server.url}/api/v1/history/series?scope=team:hot&range=today&bucket=1d`);
    expect(hist.status).toBe(200);
    expect(hist.body.points).toHaveLength(1);
    expect(hist.body.points[0].counts).toEqual(team.sql);
    expect(hist.body.points[0].rates.hotLeadConversion).toBe(0.5);
  });

  it("tells the screens the floor's configured targets", async () => {
    const m = (await get(`${server.url}/api/v1/meta`)).body;
    expect(m.targets).toEqual({ conversionRate: { good: 0.05, warn: 0.038 }, hotLeadConversion: { good: 0.15, warn: 0.1 } });
    expect(m.currency).toBe('CNY');
    expect(m.celebrationShare).toBe(0.25);
  });

  it('stores call.rated and qa.scored, refuses a bad score naming its field while the valid items land, and averages them', async () => {
    const li = { teamId: 'qa', agentId: 'li' };
    const qa = (callId: string, scriptAccuracy: unknown, needsDiscovery: unknown, attitude: unknown) =>
      ev('qa.scored', callId, { ...li, scriptAccuracy, needsDiscovery, attitude });
    const res = await post(`${server.url}/api/v1/events`, [
      ev('call.dialed', 'li-1', li),
      ev('call.rated', 'li-1', { ...li, satisfaction: 5 }),
      ev('call.rated', 'li-2', { ...li, satisfaction: 6 }),
      ev('call.rated', 'li-3', { ...li, satisfaction: 4.5 }),
      ev('call.rated', 'li-2', { ...li, satisfaction: 2 }),
      qa('li-1', 90, 70, 100),
      qa('li-2', 80, 60, 101),
      { ...qa('li-3', 80, 60, 90), needsDiscovery: undefined },
      qa('li-2', 0, 50, 80),
    ]);
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(5);
    expect(res.body.rejected).toEqual([
      { index: 2, error: 'satisfaction: must be from 1 to 5' },
      { index: 3, error: 'satisfaction: must be a whole number from 1 to 5' },
      { index: 6, error: 'attitude: must be from 0 to 100' },
      { index: 7, error: 'needsDiscovery: is required' },
    ]);
    const { live, sql } = await sqlRates(server, 'team:qa', 'today');
    expect(live.counts).toEqual(sql);
    // By hand: ratings 5 and 2; QA sheets (90, 70, 100) and (0, 50, 80).
    expect(live.counts).toMatchObject({
      rated: 2,
      satisfactionSum: 7,
      qaScored: 2,
      qaScriptSum: 90,
      qaDiscoverySum: 120,
      qaAttitudeSum: 180,
    });
    expect(averageOf(live.counts, 'avgSatisfaction')).toBe(3.5);
    expect(averageOf(live.counts, 'avgQaScript')).toBe(45);
    expect(averageOf(live.counts, 'avgQaDiscovery')).toBe(60);
    expect(averageOf(live.counts, 'avgQaAttitude')).toBe(90);
    // The channel is stamped as on every call event: li-1's from its dial, li-2's from li's latest dial.
    const rows = await server.store.client.query({
      query: "SELECT channel, satisfaction FROM call_events WHERE type = 'call.rated' AND team_id = 'qa' ORDER BY satisfaction",
      format: 'JSONEachRow',
    });
    expect(await rows.json()).toEqual([
      { channel: 'human', satisfaction: 2 },
      { channel: 'human', satisfaction: 5 },
    ]);
    const hist = await get(`${server.url}/api/v1/history/series?scope=agent:li&range=today&bucket=1d`);
    expect(hist.body.points[0].counts).toMatchObject({ rated: 2, satisfactionSum: 7, qaScored: 2 });
  });

  it('adds up sale amounts as revenue per scope and window, equal to SQL; a sale without an amount adds 0, other outcomes nothing', async () => {
    const zhang = { teamId: 'rev', agentId: 'zhang' };
    const chen = { teamId: 'rev', agentId: 'chen' };
    await post(`${server.url}/api/v1/events`, [
      ev('call.dialed', 'z-1', zhang),
      ev('call.outcome', 'z-1', { ...zhang, outcome: 'sale', amount: 1999.5 }),
      ev('call.outcome', 'z-2', { ...zhang, outcome: 'sale' }),
      ev('call.outcome', 'z-3', { ...zhang, outcome: 'callback', amount: 500 }),
      ev('call.outcome', 'c-1', { ...chen, outcome: 'sale', amount: 300.25 }),
      // An hour and a half ago: in today, not in the last hour.
      { ...ev('call.outcome', 'c-2', { ...chen, outcome: 'sale', amount: 1000 }), ts: NOW - 90 * 60_000 },
    ]);
    const cases: [string, string, number][] = [
      ['team:rev', '15m', 2299.75],
      ['team:rev', 'today', 3299.75],
      ['agent:zhang', '1h', 1999.5],
      ['agent:chen', '1h', 300.25],
      ['agent:chen', 'today', 1300.25],
    ];
    for (const [scope, window, byHand] of cases) {
      const { live, sql } = await liveAndSql(server, scope, window);
      expect(live.counts.revenue, `${scope} ${window}`).toBe(byHand);
      expect(sql.revenue, `${scope} ${window} in SQL`).toBe(byHand);
    }
    const hist = await get(`${server.url}/api/v1/history/series?scope=team:rev&range=today&bucket=1d`);
    expect(hist.body.points[0].counts.revenue).toBe(3299.75);
  });

  it('a restart rebuilds the new counts from call_events: every scope and window still equals SQL', async () => {
    const scopes = ['team:qa', 'team:rev', 'agent:wang', 'channel:robot'];
    const before = new Map<string, unknown>();
    // (team:hot and the floor gain the follow-up below: they are compared with SQL after, not with before.)
    for (const scope of scopes)
      for (const w of ['15m', '1h', 'today']) before.set(`${scope} ${w}`, (await liveAndSql(server, scope, w)).sql);
    // A follow-up dialled before the restart, answered and sold after it.
    const zhao = { teamId: 'hot', agentId: 'zhao' };
    await post(`${server.url}/api/v1/events`, [ev('call.dialed', 'zhao-1', { ...zhao, channel: 'human', leadCallId: 'bot-a' })]);
    await server.stop();
    server = await startServer({ dataDir: server.dataDir, scheduler: clock });
    const after = await post(`${server.url}/api/v1/events`, [
      ev('call.answered', 'zhao-1', zhao),
      ev('call.outcome', 'zhao-1', { ...zhao, outcome: 'sale', amount: 600 }),
    ]);
    expect(after.body.accepted).toBe(2);
    const z = await liveAndSql(server, 'agent:zhao', '1h');
    expect(z.live.counts).toEqual(z.sql);
    expect(z.sql).toMatchObject({ hotLeadDialed: 1, hotLeadAnswered: 1, hotLeadSales: 1 });
    for (const scope of [...scopes, 'floor', 'team:hot', 'channel:human'])
      for (const w of ['15m', '1h', 'today']) {
        const { live, sql } = await liveAndSql(server, scope, w);
        expect(live.counts, `${scope} ${w}`).toEqual(sql);
        if (before.has(`${scope} ${w}`)) expect(sql, `${scope} ${w} unchanged`).toEqual(before.get(`${scope} ${w}`));
      }
  });
});
