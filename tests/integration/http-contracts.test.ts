import {
  type Alert,
  agentsAnswerSchema,
  alertSchema,
  alertsAnswerSchema,
  backtestAnswerSchema,
  errorAnswerSchema,
  goalProgressAnswerSchema,
  goalsAnswerSchema,
  helpAnswerSchema,
  meAnswerSchema,
  metaAnswerSchema,
  ratesSnapshotSchema,
  ruleAnswerSchema,
  rulesAnswerSchema,
  seriesAnswerSchema,
  sqlAnswerSchema,
} from '@floorpulse/shared';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { z } from 'zod';
import { testClock } from '../helpers/clock.js';
import { person } from '../helpers/people.js';
import { get, post, startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';

/**
 * Every JSON answer the web reads, from the real server, parsed with its schema in shared/ (the
 * schemas web/src/lib/api.ts parses with): a route that changes its answer without the contract
 * fails here, not on a wall. Each answer is checked to hold items, so the items' schemas run too.
 */
const NOW = Date.parse('2026-11-20T06:00:00Z'); // Friday 14:00 in Shanghai (FLOOR_TZ of the test server)
const ago = (minutes: number) => NOW - minutes * 60_000;

function floor(): object[] {
  const ev: object[] = [];
  let n = 0;
  const call = (agentId: string, teamId: string, channel: 'human' | 'robot', at: number, opts: { talk: number; sale?: boolean }) => {
    const callId = `c${++n}`;
    const base = { teamId, agentId, callId };
    ev.push({ ...base, id: `${callId}-d`, type: 'call.dialed', ts: at, channel });
    ev.push({ ...base, id: `${callId}-a`, type: 'call.answered', ts: at + 5_000 });
    ev.push({
      ...base,
      id: `${callId}-e`,
      type: 'call.ended',
      ts: at + 5_000 + opts.talk * 1000,
      answered: true,
      talkSeconds: opts.talk,
      hangupBy: opts.talk < 30 ? 'customer' : 'agent',
    });
    if (opts.sale)
      ev.push({ ...base, id: `${callId}-o`, type: 'call.outcome', ts: at + 10_000 + opts.talk * 1000, outcome: 'sale', amount: 120 });
    return callId;
  };
  call('a1', 'north', 'human', ago(200), { talk: 95, sale: true });
  call('a1', 'north', 'human', ago(90), { talk: 12 });
  call('a2', 'north', 'human', ago(40), { talk: 70, sale: true });
  call('r1', 'south', 'robot', ago(30), { talk: 65 });
  const flagged = call('a3', 'south', 'human', ago(20), { talk: 40 });
  ev.push({
    id: 'v1',
    type: 'compliance.flag',
    // QA's verdict some minutes after the call, inside the live horizon (15 min): it opens an alert.
    ts: ago(12),
    teamId: 'south',
    agentId: 'a3',
    callId: flagged,
    rule: 'no_disclosure',
    severity: 'violation',
  });
  // Six reminders today: the default rule "agent-reminders-today" (more than 5) opens a metric alert with its numbers.
  for (let i = 0; i < 6; i++)
    ev.push({
      id: `rm${i}`,
      type: 'compliance.flag',
      ts: ago(15 - i),
      teamId: 'north',
      agentId: 'a2',
      callId: `rc${i}`,
      rule: 'script_reminder',
      severity: 'reminder',
    });
  ev.push({ id: 'h1', type: 'help.requested', ts: ago(5), teamId: 'south', agentId: 'a3', message: 'customer asks for a manager' });
  ev.push({ id: 's1', type: 'agent.state', ts: ago(4), teamId: 'north', agentId: 'a1', state: 'break' });
  return ev;
}

let server: TestServer;
const url = (path: string) => `${server.url}${path}`;
async function send(method: string, path: string, body: unknown, token: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url(path), {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}
/** A 200 whose body parses with the schema. */
function ok<S extends z.ZodType>(res: { status: number; body: unknown }, schema: S): z.output<S> {
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return schema.parse(res.body);
}

beforeAll(async () => {
  server = await startServer({ dataDir: tempDataDir('http-contracts'), scheduler: testClock(NOW) });
  const res = await post(url('/api/v1/events'), floor());
  expect(res.body).toMatchObject({ rejected: [] });
});
afterAll(async () => server.stop());

describe('the HTTP answers the web reads hold to their schemas in shared/', () => {
  it('GET /api/v1/meta, for every role a page may have', async () => {
    for (const [token, role] of [
      [TOKENS.VIEWER_TOKEN, 'viewer'],
      [TOKENS.SUPERVISOR_TOKEN, 'supervisor'],
      [TOKENS.ANALYST_TOKEN, 'analyst'],
      [TOKENS.ADMIN_TOKEN, 'admin'],
    ] as const) {
      expect(ok(await get(url('/api/v1/meta'), token), metaAnswerSchema)).toMatchObject({ role, floorTz: 'Asia/Shanghai' });
    }
  });

  it('GET /api/v1/history/series, each bucket, range and kind of scope (the wall trends and the history page)', async () => {
    for (const q of [
      'scope=floor&range=today&bucket=15m',
      'scope=team:north&range=7d&bucket=1h',
      'scope=channel:robot&range=30d&bucket=1d',
      'scope=agent:a1&range=7d&bucket=1d&shift=7',
    ]) {
      const body = ok(await get(url(`/api/v1/history/series?${q}`)), seriesAnswerSchema);
      if (!q.includes('shift')) expect(body.points.length, q).toBeGreaterThan(0);
    }
  });

  it('GET /api/v1/history/agents (the history page, the supervisor table, the wall rotation)', async () => {
    const body = ok(await get(url('/api/v1/history/agents?range=today')), agentsAnswerSchema);
    expect(body.rows.map((r) => r.agentId)).toEqual(['a1', 'a2', 'a3', 'r1']);
    expect(body.rows.find((r) => r.agentId === 'a1')).toMatchObject({ state: 'break', channel: 'human' });
    ok(await get(url('/api/v1/history/agents?range=7d&team=south')), agentsAnswerSchema);
  });

  it('GET /api/v1/rates (the live numbers, also the body of rates:update)', async () => {
    for (const q of ['scope=floor&window=today', 'scope=agent:a1&window=15m', 'scope=channel:human&window=1h']) {
      ok(await get(url(`/api/v1/rates?${q}`)), ratesSnapshotSchema);
    }
  });

  it('GET /api/v1/alerts: the floor-level list of a viewer and the whole list of a supervisor, with the evidence of each kind of rule', async () => {
    const all = await vi.waitFor(
      async () => {
        const body = ok(await get(url('/api/v1/alerts'), TOKENS.SUPERVISOR_TOKEN), alertsAnswerSchema);
        expect(body.alerts.map((a) => a.ruleId).sort()).toEqual(['agent-reminders-today', 'help', 'violation']);
        return body.alerts;
      },
      { timeout: 15_000, interval: 200 },
    );
    const byRule = (id: string) => all.find((a) => a.ruleId === id) as Alert;
    expect(byRule('agent-reminders-today').evidence).toMatchObject({ metric: 'reminders', value: 6, threshold: 5 });
    expect(byRule('violation').evidence.callIds).toHaveLength(1);
    expect(byRule('help').evidence.message).toBe('customer asks for a manager');
    ok(await get(url('/api/v1/alerts')), alertsAnswerSchema);
    ok(await get(url('/api/v1/alerts?status=open&team=south'), TOKENS.SUPERVISOR_TOKEN), alertsAnswerSchema);
    // An acknowledged alert carries who and when: its answer is an alert too.
    const acked = ok(
      await send('POST', `/api/v1/alerts/${encodeURIComponent(byRule('help').id)}/ack`, { note: 'on it' }, TOKENS.SUPERVISOR_TOKEN),
      alertSchema,
    );
    expect(acked).toMatchObject({ status: 'acknowledged', note: 'on it' });
    expect(acked.acknowledgedAt).toBeDefined();
  });

  it('GET and PUT /api/v1/goals, GET /api/v1/goals/progress', async () => {
    const goals = [
      { scope: 'agent:a1', metric: 'sales', period: 'day', target: 2 },
      { scope: 'team:north', metric: 'dialed', period: 'week', target: 100 },
    ];
    const stored = ok(await send('PUT', '/api/v1/goals', { goals }, TOKENS.ADMIN_TOKEN), goalsAnswerSchema);
    expect(stored.goals.map((g) => g.id)).toEqual(['agent:a1:sales:day', 'team:north:dialed:week']);
    expect(ok(await get(url('/api/v1/goals')), goalsAnswerSchema).goals).toHaveLength(2);
    expect(ok(await get(url('/api/v1/goals/progress')), goalProgressAnswerSchema).progress).toHaveLength(2);
    expect(ok(await get(url('/api/v1/goals/progress?scope=agent:a1')), goalProgressAnswerSchema).progress).toMatchObject([
      { value: 1, target: 2, met: false },
    ]);
  });

  it('GET /api/v1/me and GET/POST/DELETE /api/v1/me/help (the agent page), as a signed-in agent', async () => {
    const me = await person(server.url, { login: 'a1.user', name: '王芳', role: 'agent', agentId: 'a1', password: 'agent-pass-67890' });
    const as = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(url(path), {
        method,
        headers: { ...me.headers, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: res.status, body: await res.json() };
    };
    const answer = ok(await as('GET', '/api/v1/me'), meAnswerSchema);
    expect(answer).toMatchObject({ agentId: 'a1', teamId: 'north' });
    expect(answer.today.team).not.toBeNull();
    expect(answer.goals).toMatchObject([{ goalId: 'agent:a1:sales:day', value: 1, target: 2 }]);
    expect(ok(await as('GET', '/api/v1/me/help'), helpAnswerSchema)).toEqual({ request: null });
    const asked = await as('POST', '/api/v1/me/help', { reason: 'product', lang: 'en' });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    expect(helpAnswerSchema.parse(asked.body).request).toMatchObject({ status: 'sent', message: 'Product or price question' });
    expect(ok(await as('DELETE', '/api/v1/me/help'), helpAnswerSchema).request).toMatchObject({ status: 'cancelled' });
  });

  it('GET /api/v1/rules, PUT /api/v1/rules/:id, POST /api/v1/rules/backtest', async () => {
    const { rules } = ok(await get(url('/api/v1/rules')), rulesAnswerSchema);
    expect(rules.length).toBeGreaterThan(0);
    const reminders = rules.find((r) => r.id === 'agent-reminders-today')!;
    // The page sends back what it was given: the answer's rule is a valid input, and the stored rule answers as a rule.
    expect(
      ok(await send('PUT', `/api/v1/rules/${reminders.id}`, { ...reminders, cooldownSeconds: 600 }, TOKENS.ADMIN_TOKEN), ruleAnswerSchema),
    ).toMatchObject({ cooldownSeconds: 600 });
    const span = { from: NOW - 86_400_000, to: NOW };
    const metric = ok(
      await send('POST', '/api/v1/rules/backtest', { ruleId: 'agent-reminders-today', ...span }, TOKENS.SUPERVISOR_TOKEN),
      backtestAnswerSchema,
    );
    expect(metric.firings[0]).toMatchObject({ subject: 'agent:a2', value: 6 });
    const sale = ok(
      await send('POST', '/api/v1/rules/backtest', { rule: rules.find((r) => r.id === 'sale'), ...span }, TOKENS.SUPERVISOR_TOKEN),
      backtestAnswerSchema,
    );
    expect(sale.fired).toBe(2);
    expect(sale.firings[0]!.callIds).toHaveLength(1);
  });

  it('POST /api/v1/sql (the SQL box)', async () => {
    const body = ok(
      await send(
        'POST',
        '/api/v1/sql',
        { sql: 'SELECT agent_id, count() AS n FROM call_events GROUP BY agent_id ORDER BY agent_id' },
        TOKENS.ANALYST_TOKEN,
      ),
      sqlAnswerSchema,
    );
    expect(body.columns.map((c) => c.name)).toEqual(['agent_id', 'n']);
    expect(body.rows.length).toBe(4);
    expect(Object.keys(body.limits)).toContain('max_result_rows');
  });

  it('every refusal is {error}: no token, a role too low, a bad parameter, a refused statement, an unknown route', async () => {
    const refusals = [
      [await get(url('/api/v1/meta'), 'not-a-token'), 401],
      [await get(url('/api/v1/rules'), TOKENS.INGEST_TOKEN), 403],
      [await get(url('/api/v1/history/series?scope=nowhere')), 400],
      [await get(url('/api/v1/history/agents?range=yesterday')), 400],
      [await send('POST', '/api/v1/sql', { sql: 'DROP TABLE call_events' }, TOKENS.ANALYST_TOKEN), 400],
      [await send('POST', '/api/v1/rules/backtest', { ruleId: 'nope', from: NOW - 60_000, to: NOW }, TOKENS.SUPERVISOR_TOKEN), 404],
      [
        await send('PUT', '/api/v1/goals', { goals: [{ scope: 'floor', metric: 'sales', period: 'day', target: 1 }] }, TOKENS.ADMIN_TOKEN),
        400,
      ],
      [await get(url('/api/v1/nothing-here')), 404],
    ] as const;
    for (const [res, status] of refusals) {
      expect(res.status).toBe(status);
      expect(errorAnswerSchema.parse(res.body).error.length).toBeGreaterThan(0);
    }
  });
});
