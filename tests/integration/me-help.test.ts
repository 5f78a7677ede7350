import type { Alert, HelpAnswer } from '@floorpulse/shared';
import { asyncScheduler } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { person, type Session } from '../helpers/people.js';
import { record, type Screen, screenPool, until } from '../helpers/realtime-client.js';
import { get, post, startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';

/**
 * The help button of /me (docs/people.md, "The agent's page"): a help.requested event for the signed-in
 * agent through the ingest, the existing help alert for supervisors within 1 s, one open request at a time,
 * the supervisor's name and note back to the agent live, cancel, and the state kept across a restart.
 */
const dataDir = tempDataDir('me-help');
let server: TestServer;
let wang: Session;
let li: Session;
let sup: Session;
const screens = screenPool();

// biome-ignore lint/suspicious/noExplicitAny: a test reads whatever the server answered, good or deliberately bad
const call = async (s: Session, method: string, body?: unknown): Promise<{ status: number; body: any }> => {
  const res = await fetch(`${server.url}/api/v1/me/help`, {
    method,
    headers: { ...s.headers, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: await res.json() };
};
const helpAlerts = async (agentId: string): Promise<Alert[]> =>
  ((await get(`${server.url}/api/v1/alerts?agent=${agentId}`, TOKENS.SUPERVISOR_TOKEN)).body.alerts as Alert[]).filter(
    (a) => a.ruleId === 'help',
  );

beforeAll(async () => {
  server = await startServer({ dataDir, scheduler: asyncScheduler });
  // The agents' teams are known from their calls (the agent directory).
  const dials = ['north-a1', 'north-a2'].map((agentId, i) => ({
    id: `d${i}`,
    type: 'call.dialed',
    ts: Date.now() - 60_000,
    teamId: 'north',
    agentId,
    callId: `c${i}`,
    channel: 'human',
  }));
  expect((await post(`${server.url}/api/v1/events`, dials)).status).toBe(200);
  wang = await person(server.url, { login: 'wang.fang', name: '王芳', role: 'agent', agentId: 'north-a1', password: 'agent-pass-67890' });
  li = await person(server.url, { login: 'li.wei', name: '李伟', role: 'agent', agentId: 'north-a2', password: 'agent-pass-22222' });
  sup = await person(server.url, { login: 'wang.sup', name: '王主管', role: 'supervisor', teams: ['north'], password: 'sup-pass-12345' });
});
afterAll(async () => {
  screens.closeAll();
  await server.stopAll();
});

describe('asking for help', () => {
  let agentScreen: Screen;
  let supScreen: Screen;

  it('opens the help alert for this agent, seen by a supervisor within 1 s; a second click answers the same request', async () => {
    agentScreen = await screens.connect(server.url, {}, { headers: { cookie: wang.cookie } });
    supScreen = await screens.connect(server.url, {}, { headers: { cookie: sup.cookie } });
    const opened = record<Alert>(supScreen, 'alert:new');
    const started = Date.now();
    const first = await call(wang, 'POST', { reason: 'customer', text: 'wants a manager', lang: 'en' });
    expect(first.status).toBe(201);
    expect(first.body.request).toMatchObject({ status: 'sent', message: 'Difficult customer: wants a manager' });
    await until(() => opened.length > 0, 1000, 'the alert on the supervisor screen');
    expect(opened[0]!.at - started).toBeLessThan(1000);
    expect(opened[0]!.data).toMatchObject({
      ruleId: 'help',
      agentId: 'north-a1',
      teamId: 'north',
      evidence: { message: 'Difficult customer: wants a manager' },
    });
    expect(opened[0]!.data.id).toBe(first.body.request.id);

    const again = await call(wang, 'POST', { reason: 'system', lang: 'en' });
    expect(again.status).toBe(200);
    expect(again.body.request.id).toBe(first.body.request.id);
    // Two clicks at once: still one.
    const both = await Promise.all([call(wang, 'POST', {}), call(wang, 'POST', {})]);
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    expect((await helpAlerts('north-a1')).map((a) => a.id)).toEqual([first.body.request.id]);
    expect(opened).toHaveLength(1);
  });

  it("reaches the agent live when a supervisor acks it with a note: the supervisor's name, not their login", async () => {
    const seen = record<HelpAnswer>(agentScreen, 'me:help');
    const [alert] = await helpAlerts('north-a1');
    expect(await supScreen.emitWithAck('alert:ack', { id: alert!.id, note: '马上过来' })).toMatchObject({ ok: true });
    await until(() => seen.some((s) => s.data.request?.status === 'acknowledged'), 2000, 'the ack on the agent screen');
    expect(seen.at(-1)!.data.request).toMatchObject({ status: 'acknowledged', ack: { name: '王主管' }, note: '马上过来' });
    expect(JSON.stringify(seen.map((s) => s.data))).not.toContain('wang.sup');
    expect((await call(wang, 'GET')).body.request).toMatchObject({ status: 'acknowledged', ack: { name: '王主管' }, note: '马上过来' });
  });

  it('is not visible to or cancellable by another agent', async () => {
    expect((await call(li, 'GET')).body).toEqual({ request: null });
    expect((await call(li, 'DELETE')).status).toBe(404);
    expect((await call(wang, 'GET')).body.request.status).toBe('acknowledged');
    // Whose request it is never comes from the body.
    const forged = await call(li, 'POST', { agentId: 'north-a1' });
    expect(forged.status).toBe(400);
    expect(forged.body.error).toBe('agentId: unknown field');
  });

  it('survives a restart: the state is read back from ClickHouse', async () => {
    screens.closeAll();
    await server.stop();
    server = await startServer({ dataDir, scheduler: asyncScheduler });
    expect((await call(wang, 'GET')).body.request).toMatchObject({ status: 'acknowledged', ack: { name: '王主管' }, note: '马上过来' });
  });

  it("is resolved by the supervisor: the agent sees it closed, by the supervisor's name", async () => {
    agentScreen = await screens.connect(server.url, {}, { headers: { cookie: wang.cookie } });
    const seen = record<HelpAnswer>(agentScreen, 'me:help');
    const [alert] = await helpAlerts('north-a1');
    const res = await post(`${server.url}/api/v1/alerts/${encodeURIComponent(alert!.id)}/resolve`, {}, TOKENS.SUPERVISOR_TOKEN);
    expect(res.status).toBe(200);
    await until(() => seen.some((s) => s.data.request?.status === 'resolved'), 2000, 'the resolve on the agent screen');
    // Resolved with the supervisor token: a role, not a person, so no name.
    expect(seen.at(-1)!.data.request).toMatchObject({ status: 'resolved', closed: { name: null } });
  });
});

describe('cancelling', () => {
  it('resolves the alert, so it leaves the supervisors; a new click opens a new request', async () => {
    const supScreen = await screens.connect(server.url, {}, { headers: { cookie: sup.cookie } });
    const agentScreen = await screens.connect(server.url, {}, { headers: { cookie: wang.cookie } });
    const updates = record<Alert>(supScreen, 'alert:update');
    const mine = record<HelpAnswer>(agentScreen, 'me:help');
    const opened = await call(wang, 'POST', {});
    expect(opened.status).toBe(201);
    expect(opened.body.request.message).toBeUndefined();
    const cancelled = await call(wang, 'DELETE');
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.request).toMatchObject({ id: opened.body.request.id, status: 'cancelled', closed: { name: '王芳' } });
    await until(() => updates.some((u) => u.data.id === opened.body.request.id && u.data.status === 'resolved'), 2000, 'the alert gone');
    await until(() => mine.at(-1)?.data.request?.status === 'cancelled', 2000, 'cancelled on the agent screen');
    expect((await call(wang, 'GET')).body.request).toMatchObject({ status: 'cancelled' });
    expect((await call(wang, 'DELETE')).status).toBe(404);
    expect((await helpAlerts('north-a1')).filter((a) => a.status !== 'resolved')).toEqual([]);
  });

  it('needs the CSRF token of the session, like every change a person makes', async () => {
    const res = await fetch(`${server.url}/api/v1/me/help`, { method: 'POST', headers: { cookie: wang.cookie } });
    expect(res.status).toBe(403);
  });
});

describe('the reason', () => {
  it('is a known code or well-formed text of at most 200 characters: else 400 naming the field, and no alert', async () => {
    const before = (await helpAlerts('north-a2')).length;
    const cases: [unknown, RegExp][] = [
      [{ reason: 'bogus' }, /^reason: must be one of customer, compliance, product, system$/],
      [{ text: 'x'.repeat(201) }, /^text: must be at most 200 characters$/],
      [{ text: 'bad \ud800 text' }, /^text: is not well-formed Unicode$/],
      [{ text: 42 }, /^text:/],
      [{ lang: 'fr' }, /^lang:/],
    ];
    for (const [body, error] of cases) {
      const res = await call(li, 'POST', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error, JSON.stringify(body)).toMatch(error);
    }
    expect((await helpAlerts('north-a2')).length).toBe(before);
  });

  it('has phone numbers masked, in the answer, the alert and call_events, like every help message', async () => {
    const res = await call(li, 'POST', { reason: 'customer', text: '客户让我回拨 13912345678', lang: 'zh-CN' });
    expect(res.status).toBe(201);
    expect(res.body.request.message).toBe('客户难以应对: 客户让我回拨 [phone …5678]');
    const [alert] = await helpAlerts('north-a2');
    expect(JSON.stringify(alert)).not.toContain('13912345678');
    expect(alert!.evidence.message).toContain('[phone …5678]');
    const rs = await server.store.client.query({
      query: `SELECT countIf(position(message, '13912345678') > 0) AS clear, countIf(position(message, '[phone …5678]') > 0) AS masked
              FROM call_events WHERE type = 'help.requested' AND agent_id = 'north-a2'`,
      format: 'JSONEachRow',
    });
    expect((await rs.json<{ clear: number; masked: number }>()).map((r) => [Number(r.clear), Number(r.masked)])).toEqual([[0, 1]]);
  });
});
