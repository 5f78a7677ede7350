import type { Alert } from '@floorpulse/shared';
import { asyncScheduler, filter, firstValueFrom, map } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDisplay, person, putUser, type Session } from '../helpers/people.js';
import { type Screen, screenPool } from '../helpers/realtime-client.js';
import { post, startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';

/**
 * A credential that stops being good while its screen is open (docs/people.md): the screen is told why
 * and closed at once, by the server's push, not at its next reconnect. And what a supervisor is shown
 * by default (their teams) against what they ask for (the floor), and who may frame a display's wall.
 */
let server: TestServer;
const pool = screenPool();
const admin = { authorization: `Bearer ${TOKENS.ADMIN_TOKEN}` };

beforeAll(async () => {
  server = await startServer({ dataDir: tempDataDir('people-credentials'), scheduler: asyncScheduler });
  const now = Date.now();
  const dials = ['north-a1', 'north-a2', 'south-a1'].map((a, i) => ({
    id: `d${i}`,
    type: 'call.dialed',
    ts: now - 5000,
    teamId: a.split('-')[0],
    agentId: a,
    callId: `c${i}`,
    channel: 'human',
  }));
  expect((await post(`${server.url}/api/v1/events`, dials)).status).toBe(200);
});
afterAll(async () => {
  pool.closeAll();
  await server.stopAll();
});

/** What the server does to a screen: the refusal it pushes (if any) and the reason it was closed. */
function watch(screen: Screen): Promise<{ refusal: string | null; reason: string }> {
  let refusal: string | null = null;
  screen.on('access:refused', (r) => {
    refusal = r.refusal;
  });
  return new Promise((resolve) => screen.once('disconnect', (reason) => resolve({ refusal, reason })));
}

const revokeDisplay = (id: string) => fetch(`${server.url}/api/v1/displays/${id}`, { method: 'DELETE', headers: admin });

describe('a display link revoked while its wall is open', () => {
  it("is told 'display revoked' and closed by the server at once; another link's wall stays live", async () => {
    const north = await createDisplay(server.url, { name: 'North TV', scope: 'team:north' });
    const south = await createDisplay(server.url, { name: 'South TV', scope: 'team:south' });
    const northTv = await pool.connect(server.url, { token: north.secret });
    const southTv = await pool.connect(server.url, { token: south.secret });
    const closed = watch(northTv);
    expect((await revokeDisplay(north.id)).status).toBe(200);
    // 'io server disconnect': closed by the server, so the client does not reconnect into a refusal.
    expect(await closed).toEqual({ refusal: 'display revoked', reason: 'io server disconnect' });
    expect(southTv.connected).toBe(true);
    expect(await southTv.emitWithAck('subscribe', { scope: 'team:south', window: '15m' })).toMatchObject({ ok: true });
  });
});

describe("a person's open screens", () => {
  let wang: Session;
  beforeAll(async () => {
    wang = await person(server.url, {
      login: 'wang.sup',
      name: '王主管',
      role: 'supervisor',
      teams: ['north'],
      password: 'supervisor-pass-1',
    });
  });

  it("signing out closes that session's sockets with 'session ended'; the same person's other session stays", async () => {
    const other = await person(server.url, {
      login: 'wang.sup',
      name: '王主管',
      role: 'supervisor',
      teams: ['north'],
      password: 'supervisor-pass-1',
    });
    const phone = await pool.connect(server.url, {}, { headers: { cookie: wang.cookie } });
    const desk = await pool.connect(server.url, {}, { headers: { cookie: other.cookie } });
    const closed = watch(phone);
    expect((await fetch(`${server.url}/api/v1/session`, { method: 'DELETE', headers: wang.headers })).status).toBe(204);
    expect(await closed).toEqual({ refusal: 'session ended', reason: 'io server disconnect' });
    expect(desk.connected).toBe(true);
    wang = other;
  });

  it("a user disabled by an admin: their sockets are told 'session ended' and closed", async () => {
    const s = await person(server.url, {
      login: 'li.agent',
      name: '李伟',
      role: 'agent',
      agentId: 'north-a2',
      password: 'agent-pass-12345',
    });
    const screen = await pool.connect(server.url, {}, { headers: { cookie: s.cookie } });
    const closed = watch(screen);
    await putUser(server.url, { login: 'li.agent', name: '李伟', role: 'agent', agentId: 'north-a2', active: false });
    expect(await closed).toEqual({ refusal: 'session ended', reason: 'io server disconnect' });
  });

  it('a role changed: the socket is closed without a refusal and connects again as the new role', async () => {
    const s = await person(server.url, { login: 'zhao.sup', name: '赵主管', role: 'supervisor', password: 'supervisor-pass-2' });
    const screen = await pool.connect(server.url, {}, { headers: { cookie: s.cookie } });
    expect(await screen.emitWithAck('alert:ack', { id: 'no-such-alert' })).toEqual({ ok: false, error: 'not found' });
    const closed = watch(screen);
    await putUser(server.url, { login: 'zhao.sup', name: '赵主管', role: 'analyst' });
    expect(await closed).toEqual({ refusal: null, reason: 'io server disconnect' });
    const again = await pool.connect(server.url, {}, { headers: { cookie: s.cookie } });
    expect(await again.emitWithAck('alert:ack', { id: 'no-such-alert' })).toEqual({ ok: false, error: 'forbidden' });
  });
});

describe('a supervisor sees the teams they look after, and the whole floor when they ask', () => {
  let sup: Session;
  beforeAll(async () => {
    sup = await person(server.url, {
      login: 'qian.sup',
      name: '钱主管',
      role: 'supervisor',
      teams: ['north'],
      password: 'supervisor-pass-3',
    });
    const opened = firstValueFrom(
      server.app.alerts$.pipe(
        filter((c) => c.kind === 'new' && c.alert.ruleId === 'help'),
        map((c) => c.alert as Alert),
        filter((a) => a.agentId === 'south-a1'),
      ),
    );
    const help = (agentId: string, teamId: string) => ({ id: `help-${agentId}`, type: 'help.requested', ts: Date.now(), teamId, agentId });
    expect((await post(`${server.url}/api/v1/events`, [help('north-a1', 'north'), help('south-a1', 'south')])).status).toBe(200);
    await opened;
  });
  const get = (p: string, headers: Record<string, string>) => fetch(`${server.url}${p}`, { headers }).then((r) => r.json());
  const teamsOf = (alerts: { teamId?: string; ruleId: string }[]) =>
    [...new Set(alerts.filter((a) => a.ruleId === 'help').map((a) => a.teamId))].sort();

  it('alerts: their teams by default, every team with scope=floor', async () => {
    expect(teamsOf((await get('/api/v1/alerts?status=open', sup.headers)).alerts)).toEqual(['north']);
    expect(teamsOf((await get('/api/v1/alerts?status=open&scope=floor', sup.headers)).alerts)).toEqual(['north', 'south']);
    // A supervisor's token is a kiosk's or a script's: no teams, the floor.
    expect(teamsOf((await get('/api/v1/alerts?status=open', { authorization: `Bearer ${TOKENS.SUPERVISOR_TOKEN}` })).alerts)).toEqual([
      'north',
      'south',
    ]);
  });

  it("the agents table: their teams' agents by default, in the SQL's own parameters; the floor with scope=floor", async () => {
    const mine = await get('/api/v1/history/agents?range=today', sup.headers);
    expect(mine.rows.map((r: { agentId: string }) => r.agentId)).toEqual(['north-a1', 'north-a2']);
    expect(mine.params.teams).toEqual(['north']);
    const floor = await get('/api/v1/history/agents?range=today&scope=floor', sup.headers);
    expect(floor.rows.map((r: { agentId: string }) => r.agentId)).toEqual(['north-a1', 'north-a2', 'south-a1']);
    expect(floor.params.teams).toEqual([]);
    // One team named is a request too: answered as asked.
    const south = await get('/api/v1/history/agents?range=today&team=south', sup.headers);
    expect(south.rows.map((r: { agentId: string }) => r.agentId)).toEqual(['south-a1']);
    const bad = await fetch(`${server.url}/api/v1/history/agents?range=today&scope=team:south`, { headers: sup.headers });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/^scope:/);
  });

  it('an admin and a supervisor who looks after no team see the floor', async () => {
    const anyone = await person(server.url, { login: 'sun.sup', role: 'supervisor', password: 'supervisor-pass-4' });
    const boss = await person(server.url, { login: 'zhou.admin', role: 'admin', password: 'admin-pass-12345' });
    for (const s of [anyone, boss])
      expect(teamsOf((await get('/api/v1/alerts?status=open', s.headers)).alerts)).toEqual(['north', 'south']);
  });
});

describe("framing: a display link's wall by the origins its admin named, nothing else", () => {
  const SIGNAGE = 'https://signage.example.com';
  const framing = async (path: string) => {
    const res = await fetch(`${server.url}${path}`);
    await res.arrayBuffer();
    const csp = res.headers.get('content-security-policy') ?? '';
    return { ancestors: /frame-ancestors ([^;]+)/.exec(csp)?.[1], xfo: res.headers.get('x-frame-options') };
  };

  it('its wall page may be framed by the signage origin; the API, other pages and other links may not', async () => {
    const res = await fetch(`${server.url}/api/v1/displays`, {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Lobby', scope: 'floor', frameAncestors: [SIGNAGE] }),
    });
    expect(res.status).toBe(201);
    const { secret, link } = (await res.json()) as { secret: string; link: { id: string } };
    const plain = await createDisplay(server.url, { name: 'Plain TV', scope: 'floor' });
    const q = `display=${encodeURIComponent(secret)}`;
    expect(await framing(`/wall?${q}`)).toEqual({ ancestors: SIGNAGE, xfo: null });
    for (const path of [`/admin?${q}`, `/api/v1/meta?${q}`, '/wall', `/wall?display=${plain.secret}`, '/wall?display=disp_not-a-secret'])
      expect(await framing(path), path).toEqual({ ancestors: "'none'", xfo: 'DENY' });
    // Revoked: nobody frames it any more.
    expect((await revokeDisplay(link.id)).status).toBe(200);
    expect(await framing(`/wall?${q}`)).toEqual({ ancestors: "'none'", xfo: 'DENY' });
  });
});

describe('the pages people open', () => {
  it.each(['/login', '/me'])('%s answers the app (the web routes on the path)', async (path) => {
    const res = await fetch(`${server.url}${path}`);
    await res.arrayBuffer();
    // 200 with a built web, 503 naming the build without one: never the JSON 404 of an unknown path.
    expect([200, 503]).toContain(res.status);
  });
});
