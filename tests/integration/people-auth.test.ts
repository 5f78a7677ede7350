import { readFileSync } from 'node:fs';
import path from 'node:path';
import { asyncScheduler } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDisplay, person, putUser, signIn } from '../helpers/people.js';
import { connectScreen } from '../helpers/realtime-client.js';
import { post, startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';

/**
 * People sign in (docs/people.md): the first admin, sessions as HTTP-only cookies, CSRF on changes,
 * sign-out on the server, the socket on the same session; an agent sees only their own; a TV's display
 * link reads only its wall and says so when it is switched off.
 */
let server: TestServer;
const NOW = () => Date.now();

beforeAll(async () => {
  server = await startServer({ dataDir: tempDataDir('people-auth'), scheduler: asyncScheduler, env: { AUTH_FAILURE_LIMIT: '6' } });
  // Agents of two teams, so team membership is known (the agent directory learns it from events).
  const events = ['north-a1', 'north-a2', 'south-a1'].map((a, i) => ({
    id: `d${i}`,
    type: 'call.dialed',
    ts: NOW() - 1000,
    teamId: a.split('-')[0],
    agentId: a,
    callId: `c${i}`,
    channel: 'human',
  }));
  expect((await post(`${server.url}/api/v1/events`, events)).status).toBe(200);
});
afterAll(async () => {
  await server.stopAll();
});

const get = (p: string, headers: Record<string, string>) =>
  fetch(`${server.url}${p}`, { headers }).then(async (r) => ({ status: r.status, body: await r.json().catch(() => null) }));

describe('the first admin', () => {
  it('is created with a generated password kept in secrets.json, and signs in with it', async () => {
    const secrets = JSON.parse(readFileSync(path.join(server.dataDir, 'secrets.json'), 'utf8')) as { firstAdminPassword: string };
    expect(secrets.firstAdminPassword.length).toBeGreaterThanOrEqual(12);
    const admin = await signIn(server.url, 'admin', secrets.firstAdminPassword);
    const me = await get('/api/v1/session', admin.headers);
    expect(me.body.user).toMatchObject({ login: 'admin', role: 'admin' });
    expect(JSON.stringify(me.body)).not.toMatch(/argon2|passwordHash/);
  });
});

describe('sessions', () => {
  it('are an HTTP-only, SameSite=Strict cookie; a wrong password or login is 401 without saying which', async () => {
    await putUser(server.url, { login: 'wang.sup', name: '王主管', role: 'supervisor', teams: ['north'], password: 'supervisor-pass-1' });
    const res = await fetch(`${server.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'wang.sup', password: 'supervisor-pass-1' }),
    });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^fp_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const wrong = await fetch(`${server.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'wang.sup', password: 'nope-nope-nope' }),
    });
    const unknown = await fetch(`${server.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'nobody', password: 'nope-nope-nope' }),
    });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(await wrong.json()).toEqual(await unknown.json());
  });

  it("a change needs the session's CSRF token; a bearer token needs none", async () => {
    await putUser(server.url, { login: 'li.admin', name: '李管理', role: 'admin', password: 'admin-pass-12345' });
    const s = await signIn(server.url, 'li.admin', 'admin-pass-12345');
    const put = (headers: Record<string, string>) =>
      fetch(`${server.url}/api/v1/goals`, {
        method: 'PUT',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ goals: [] }),
      });
    const without = await put({ cookie: s.cookie });
    expect(without.status).toBe(403);
    expect((await without.json()).error).toMatch(/csrf/);
    expect((await put({ cookie: s.cookie, 'x-csrf-token': 'forged-token-000000000000' })).status).toBe(403);
    expect((await put(s.headers)).status).toBe(200);
    expect((await put({ authorization: `Bearer ${TOKENS.ADMIN_TOKEN}` })).status).toBe(200);
  });

  it('sign-out ends the session on the server: the same cookie is refused after, over HTTP and the socket', async () => {
    const s = await person(server.url, { login: 'zhang.sup', name: '张主管', role: 'supervisor', password: 'supervisor-pass-2' });
    const screen = await connectScreen(server.url, {}, { headers: { cookie: s.cookie } });
    screen.close();
    const out = await fetch(`${server.url}/api/v1/session`, { method: 'DELETE', headers: s.headers });
    expect(out.status).toBe(204);
    const after = await get('/api/v1/rates?scope=floor&window=15m', { cookie: s.cookie });
    expect(after.status).toBe(401);
    expect(after.body.refusal).toBe('session ended');
    await expect(connectScreen(server.url, {}, { headers: { cookie: s.cookie } })).rejects.toThrow('session ended');
  });

  it("a disabled user's session is refused at once; a tampered cookie never passes", async () => {
    const s = await person(server.url, { login: 'gone.agent', role: 'agent', agentId: 'north-a2', password: 'agent-pass-12345' });
    expect((await get('/api/v1/meta', s.headers)).status).toBe(200);
    await putUser(server.url, { login: 'gone.agent', role: 'agent', agentId: 'north-a2', active: false });
    expect((await get('/api/v1/meta', s.headers)).status).toBe(401);
    const [name, value] = s.cookie.split('=') as [string, string];
    const parts = value.split('.');
    parts[2] = Buffer.from('li.admin').toString('base64url');
    expect((await get('/api/v1/meta', { cookie: `${name}=${parts.join('.')}` })).status).toBe(401);
  });

  it("a login cannot be a token's role (the audit trail writes a token's actions as its role)", async () => {
    const res = await fetch(`${server.url}/api/v1/users/supervisor`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${TOKENS.ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x', role: 'supervisor', teams: [], active: true, password: 'supervisor-pass-3' }),
    });
    expect(res.status).toBe(400);
  });
});

describe('an agent', () => {
  it("reads their own numbers and their team's totals, and gets 403 on another agent's or the floor's", async () => {
    const s = await person(server.url, {
      login: 'wang.fang',
      name: '王芳',
      role: 'agent',
      agentId: 'north-a1',
      password: 'agent-pass-67890',
    });
    expect((await get('/api/v1/rates?scope=agent:north-a1&window=today', s.headers)).status).toBe(200);
    expect((await get('/api/v1/rates?scope=team:north&window=today', s.headers)).status).toBe(200);
    for (const scope of ['agent:north-a2', 'agent:south-a1', 'team:south', 'floor']) {
      const r = await get(`/api/v1/rates?scope=${scope}&window=today`, s.headers);
      expect(r.status, scope).toBe(403);
    }
    expect((await get('/api/v1/history/agents?range=today&team=north', s.headers)).status).toBe(403);
    expect((await get('/api/v1/users', s.headers)).status).toBe(403);
    const screen = await connectScreen(server.url, {}, { headers: { cookie: s.cookie } });
    try {
      expect(await screen.emitWithAck('subscribe', { scope: 'agent:north-a1', window: '15m' })).toMatchObject({ ok: true });
      expect(await screen.emitWithAck('subscribe', { scope: 'agent:north-a2', window: '15m' })).toEqual({
        ok: false,
        error: 'not yours to see',
      });
      expect(await screen.emitWithAck('goals:subscribe', {})).toEqual({ ok: false, error: 'not yours to see' });
    } finally {
      screen.close();
    }
  });
});

describe('a display link', () => {
  it("reads its own wall only: its team, the team's agents and the channel panel", async () => {
    const { secret } = await createDisplay(server.url, { name: 'North TV', scope: 'team:north', lang: 'zh-CN' });
    const tv = { authorization: `Bearer ${secret}` };
    const meta = await get('/api/v1/meta', tv);
    expect(meta.body).toMatchObject({ role: 'display', display: { name: 'North TV', scope: 'team:north', lang: 'zh-CN' } });
    expect(JSON.stringify(meta.body)).not.toContain(secret);
    for (const scope of ['team:north', 'agent:north-a1', 'channel:human'])
      expect((await get(`/api/v1/rates?scope=${scope}&window=15m`, tv)).status, scope).toBe(200);
    for (const scope of ['team:south', 'agent:south-a1', 'floor'])
      expect((await get(`/api/v1/rates?scope=${scope}&window=15m`, tv)).status, scope).toBe(403);
    expect((await get('/api/v1/rules', tv)).status).toBe(403);
    expect((await get('/api/v1/history/agents?range=today&team=north', tv)).status).toBe(200);
    expect((await get('/api/v1/history/agents?range=today&team=south', tv)).status).toBe(403);
  });

  it('revoked, says "this display was switched off" over HTTP and the socket, never a silent stale', async () => {
    const { id, secret } = await createDisplay(server.url, { name: 'South TV', scope: 'team:south' });
    const screen = await connectScreen(server.url, { token: secret });
    screen.close();
    const del = await fetch(`${server.url}/api/v1/displays/${id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${TOKENS.ADMIN_TOKEN}` },
    });
    expect(del.status).toBe(200);
    const after = await get('/api/v1/rates?scope=team:south&window=15m', { authorization: `Bearer ${secret}` });
    expect(after).toMatchObject({ status: 401, body: { error: 'this display was switched off', refusal: 'display revoked' } });
    await expect(connectScreen(server.url, { token: secret })).rejects.toThrow('switched off');
  });
});

describe('the audit trail', () => {
  it('records the person who acknowledged an alert, not a role', async () => {
    expect(
      (
        await post(`${server.url}/api/v1/events`, {
          id: 'help-1',
          type: 'help.requested',
          ts: NOW(),
          teamId: 'north',
          agentId: 'north-a1',
          message: 'need help',
        })
      ).status,
    ).toBe(200);
    const sup = await signIn(server.url, 'wang.sup', 'supervisor-pass-1');
    let alertId = '';
    for (let i = 0; i < 100 && !alertId; i++) {
      const list = await get('/api/v1/alerts?status=open', sup.headers);
      alertId = (list.body.alerts as { id: string; agentId?: string }[]).find((a) => a.agentId === 'north-a1')?.id ?? '';
      if (!alertId) await new Promise((r) => setTimeout(r, 30));
    }
    const ack = await fetch(`${server.url}/api/v1/alerts/${alertId}/ack`, {
      method: 'POST',
      headers: { ...sup.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ note: '马上过来' }),
    });
    expect(ack.status).toBe(200);
    expect((await ack.json()).acknowledgedBy).toBe('wang.sup');
    const rs = await server.store.client.query({
      query: "SELECT by FROM alerts WHERE transition = 'ack' AND id = {id:String}",
      query_params: { id: alertId },
      format: 'JSONEachRow',
    });
    expect(await rs.json()).toEqual([{ by: 'wang.sup' }]);
  });
});

// Last: past the limit every request from this address is refused for the window, good credentials too.
describe('signing in', () => {
  it('failed sign-ins are rate limited per address', async () => {
    const attempt = () =>
      fetch(`${server.url}/api/v1/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: 'wang.sup', password: 'guess-guess-guess' }),
      });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await attempt()).status);
    expect(statuses).toContain(429);
  });
});
