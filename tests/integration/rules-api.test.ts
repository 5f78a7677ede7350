import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testClock } from '../helpers/clock.js';
import { get, post, startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';

const NOW = Date.parse('2026-11-20T06:00:00Z'); // Friday 14:00 in Shanghai
const local = (s: string) => Date.parse(`${s}+08:00`);
const SUP = TOKENS.SUPERVISOR_TOKEN;
const ADMIN = TOKENS.ADMIN_TOKEN;

async function put(url: string, body: object, token: string) {
  const res = await fetch(url, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

/** The hand-made history the backtest is checked against. */
function history(): object[] {
  const ev: object[] = [];
  let n = 0;
  const id = () => `b${++n}`;
  // r1 on Wed 18th: 6 reminders 10:00:30–10:05:30 → the reminders rule fires at 10:06:00, clears at midnight.
  for (let i = 0; i < 6; i++)
    ev.push({
      id: id(),
      type: 'compliance.flag',
      ts: local(`2026-11-18T10:0${i}:30`),
      teamId: 'north',
      agentId: 'r1',
      callId: `rc${i}`,
      rule: 'script_reminder',
      severity: 'reminder',
    });
  // r1 on Thu 19th: only 4 → nothing. r2 on Thu 19th: 7 → fires at 15:07:00 (after the 6th at 15:06:10... see below).
  for (let i = 0; i < 4; i++)
    ev.push({
      id: id(),
      type: 'compliance.flag',
      ts: local(`2026-11-19T09:0${i}:00`),
      teamId: 'north',
      agentId: 'r1',
      callId: `rd${i}`,
      rule: 'script_reminder',
      severity: 'reminder',
    });
  for (let i = 0; i < 7; i++)
    ev.push({
      id: id(),
      type: 'compliance.flag',
      ts: local(`2026-11-19T15:0${i}:10`),
      teamId: 'south',
      agentId: 'r2',
      callId: `re${i}`,
      rule: 'script_reminder',
      severity: 'reminder',
    });
  // n5 on Thu 19th: 10:00–13:00, 10 ended calls an hour, 4 of them early customer hang-ups (40%).
  for (const h of [10, 11, 12]) {
    for (let i = 0; i < 10; i++) {
      ev.push({
        id: id(),
        type: 'call.ended',
        ts: local(`2026-11-19T${h}:${String(10 + i).padStart(2, '0')}:00`),
        teamId: 'north',
        agentId: 'n5',
        callId: `nc${h}-${i}`,
        answered: true,
        talkSeconds: i < 4 ? 12 : 95,
        hangupBy: i < 4 ? 'customer' : 'agent',
      });
    }
  }
  // A dial at 22:15 on Wed 18th: outside hours → a derived violation flag.
  ev.push({
    id: id(),
    type: 'call.dialed',
    ts: local('2026-11-18T22:15:00'),
    teamId: 'north',
    agentId: 'n5',
    callId: 'late-call',
    channel: 'human',
    phone: '+8613900000077',
  });
  return ev;
}

describe('rules, goals and backtest API', () => {
  const clock = testClock(NOW);
  const dataDir = tempDataDir('rules-api');
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ dataDir, scheduler: clock });
    const res = await post(`${server.url}/api/v1/events`, history());
    expect(res.body).toMatchObject({ rejected: [] });
  });
  afterAll(async () => server.stop());

  it('lists the ten default rules to a viewer; only an admin changes one, and the change survives a restart', async () => {
    const list = await get(`${server.url}/api/v1/rules`);
    expect(list.body.rules).toHaveLength(10);
    const r = list.body.rules.find((x: { id: string }) => x.id === 'agent-reminders-today');
    expect((await put(`${server.url}/api/v1/rules/agent-reminders-today`, { ...r, threshold: 8 }, SUP)).status).toBe(403);
    const bad = await put(`${server.url}/api/v1/rules/agent-reminders-today`, { ...r, threshold: 'eight' }, ADMIN);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/^threshold:/);
    expect((await put(`${server.url}/api/v1/rules/agent-reminders-today`, { ...r, id: 'other' }, ADMIN)).status).toBe(400);
    expect((await put(`${server.url}/api/v1/rules/agent-reminders-today`, { ...r, threshold: 8 }, ADMIN)).body.threshold).toBe(8);
    await server.stop();
    server = await startServer({ dataDir, scheduler: clock });
    const after = (await get(`${server.url}/api/v1/rules`)).body.rules.find((x: { id: string }) => x.id === 'agent-reminders-today');
    expect(after.threshold).toBe(8);
    expect((await put(`${server.url}/api/v1/rules/agent-reminders-today`, r, ADMIN)).status).toBe(200);
  });

  it('backtests the reminders rule against the hand-made history: when and for whom', async () => {
    const res = await post(
      `${server.url}/api/v1/rules/backtest`,
      { ruleId: 'agent-reminders-today', from: '2026-11-18T00:00:00+08:00', to: '2026-11-20T00:00:00+08:00' },
      SUP,
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ruleId: 'agent-reminders-today', fired: 2, truncated: false });
    expect(res.body.firings).toEqual([
      {
        at: new Date(local('2026-11-18T10:06:00')).toISOString(),
        subject: 'agent:r1',
        agentId: 'r1',
        teamId: 'north',
        value: 6,
        clearedAt: new Date(local('2026-11-19T00:00:00')).toISOString(),
      },
      {
        at: new Date(local('2026-11-19T15:06:00')).toISOString(),
        subject: 'agent:r2',
        agentId: 'r2',
        teamId: 'south',
        value: 6,
        clearedAt: new Date(local('2026-11-20T00:00:00')).toISOString(),
      },
    ]);
  });

  it('backtests a tuned threshold and the 3-hour hang-up rule', async () => {
    const rule = (await get(`${server.url}/api/v1/rules`)).body.rules.find((x: { id: string }) => x.id === 'agent-reminders-today');
    const tuned = await post(
      `${server.url}/api/v1/rules/backtest`,
      { rule: { ...rule, threshold: 6 }, from: '2026-11-18T00:00:00+08:00', to: '2026-11-20T00:00:00+08:00' },
      SUP,
    );
    expect(tuned.body.firings.map((f: { agentId: string }) => f.agentId)).toEqual(['r2']);
    const hang = await post(
      `${server.url}/api/v1/rules/backtest`,
      { ruleId: 'agent-hangups-3h', from: '2026-11-19T00:00:00+08:00', to: '2026-11-20T00:00:00+08:00' },
      SUP,
    );
    expect(hang.body.firings).toEqual([
      {
        at: new Date(local('2026-11-19T13:00:00')).toISOString(),
        subject: 'agent:n5',
        agentId: 'n5',
        teamId: 'north',
        value: 0.4,
        sample: 10,
        clearedAt: new Date(local('2026-11-19T14:00:00')).toISOString(),
      },
    ]);
  });

  it('backtests the violation rule, derived flags included', async () => {
    const res = await post(
      `${server.url}/api/v1/rules/backtest`,
      { ruleId: 'violation', from: '2026-11-18T00:00:00+08:00', to: '2026-11-20T00:00:00+08:00' },
      ADMIN,
    );
    expect(res.body).toMatchObject({
      fired: 1,
      firings: [{ subject: 'agent:n5', callIds: ['late-call'], at: new Date(local('2026-11-18T22:15:00')).toISOString() }],
    });
  });

  it('refuses a viewer, a bad period and a streak rule', async () => {
    const body = { ruleId: 'violation', from: '2026-11-18T00:00:00+08:00', to: '2026-11-20T00:00:00+08:00' };
    expect((await post(`${server.url}/api/v1/rules/backtest`, body, TOKENS.VIEWER_TOKEN)).status).toBe(403);
    expect((await post(`${server.url}/api/v1/rules/backtest`, { ...body, to: body.from }, SUP)).body.error).toMatch(/^to:/);
    expect((await post(`${server.url}/api/v1/rules/backtest`, { ...body, from: 'yesterday' }, SUP)).body.error).toMatch(/^from:/);
    expect((await post(`${server.url}/api/v1/rules/backtest`, { ...body, ruleId: 'daily-goal-streak' }, SUP)).status).toBe(400);
    expect((await post(`${server.url}/api/v1/rules/backtest`, { ...body, ruleId: 'nope' }, SUP)).status).toBe(404);
  });

  it('goals: only an admin sets them; progress counts the week from SQL and today from the live windows', async () => {
    const goals = {
      goals: [
        { scope: 'agent:n5', metric: 'ended', period: 'day', target: 2 },
        { scope: 'agent:n5', metric: 'ended', period: 'week', target: 40 },
      ],
    };
    expect((await put(`${server.url}/api/v1/goals`, goals, SUP)).status).toBe(403);
    const bad = await put(`${server.url}/api/v1/goals`, { goals: [{ ...goals.goals[0], target: 0 }] }, ADMIN);
    expect(bad.body.error).toMatch(/^goals\.0\.target:/);
    expect((await put(`${server.url}/api/v1/goals`, goals, ADMIN)).body.goals.map((g: { id: string }) => g.id)).toEqual([
      'agent:n5:ended:day',
      'agent:n5:ended:week',
    ]);
    await post(`${server.url}/api/v1/events`, [
      {
        id: 'g1',
        type: 'call.ended',
        ts: NOW - 60_000,
        teamId: 'north',
        agentId: 'n5',
        callId: 'g1',
        answered: true,
        talkSeconds: 70,
        hangupBy: 'agent',
      },
      {
        id: 'g2',
        type: 'call.ended',
        ts: NOW - 50_000,
        teamId: 'north',
        agentId: 'n5',
        callId: 'g2',
        answered: true,
        talkSeconds: 70,
        hangupBy: 'agent',
      },
    ]);
    const p = await get(`${server.url}/api/v1/goals/progress?scope=agent:n5`);
    expect(p.body.progress).toEqual([
      {
        goalId: 'agent:n5:ended:day',
        scope: 'agent:n5',
        metric: 'ended',
        period: 'day',
        from: new Date(local('2026-11-20T00:00:00')).toISOString(),
        to: new Date(local('2026-11-21T00:00:00')).toISOString(),
        value: 2,
        target: 2,
        met: true,
      },
      {
        goalId: 'agent:n5:ended:week',
        scope: 'agent:n5',
        metric: 'ended',
        period: 'week',
        from: new Date(local('2026-11-16T00:00:00')).toISOString(),
        to: new Date(local('2026-11-23T00:00:00')).toISOString(),
        value: 32,
        target: 40,
        met: false,
      },
    ]);
    expect((await get(`${server.url}/api/v1/goals/progress?scope=bogus`)).status).toBe(400);
    expect((await get(`${server.url}/api/v1/goals`)).body.goals).toHaveLength(2);
  });
});
