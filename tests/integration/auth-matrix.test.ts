import { hasRole, type Need, ROLES, type Role } from '@floorpulse/shared';
import { asyncScheduler } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadHookSpecs } from '../../server/src/hooks/hook-spec.js';
import { createDisplay, person, signIn } from '../helpers/people.js';
import { connectScreen, record, type Screen, until } from '../helpers/realtime-client.js';
import { startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';

/** The HTTP headers and the socket handshake of each role: machine tokens, a TV's display link, a signed-in agent. */
interface Credential {
  headers: Record<string, string>;
  auth: Record<string, unknown>;
}
const bearer = (token: string): Credential => ({ headers: { authorization: `Bearer ${token}` }, auth: { token } });
const CRED = {} as Record<Role, Credential>;

/** Open by design: liveness/readiness for orchestrators, the web app's pages (HTML without data), and signing in. */
const PUBLIC = new Set([
  'GET /healthz',
  'GET /readyz',
  'GET /',
  'GET /wall',
  'GET /supervisor',
  'GET /history',
  'GET /admin',
  'GET /me',
  'GET /login',
  'GET /report',
  'POST /api/v1/session',
]);
/**
 * Doors a vendor opens with a secret of its own, not a role (server/src/hooks): every role is refused there,
 * as is every other credential. Asked per shipped hook, with secrets configured (a hook without one is closed).
 */
// Every shipped mapping file: a new hook cannot escape the matrix.
const HOOK_ROUTES: Record<string, readonly string[]> = { 'POST /api/v1/hooks/:name': [...loadHookSpecs().keys()] };
/** The least role each known route needs. A route not listed here is still checked: closed, and consistent with one role. */
const EXPECTED: Record<string, Need> = {
  'POST /api/v1/events': 'ingest',
  'POST /api/v1/compliance/check': 'ingest',
  // The day's checks counted (compliance/check-counts-route.ts): the floor's management; analysts read the table in ClickHouse.
  'GET /api/v1/compliance/checks': 'supervisor',
  'GET /api/v1/rates': 'wall',
  'GET /api/v1/meta': 'wall',
  'GET /api/v1/alerts': 'wall',
  'GET /api/v1/history/series': 'wall',
  'GET /api/v1/history/agents': 'wall',
  'GET /api/v1/session': 'wall',
  'DELETE /api/v1/session': 'wall',
  'GET /api/v1/users': 'admin',
  'PUT /api/v1/users/:login': 'admin',
  'GET /api/v1/displays': 'admin',
  'POST /api/v1/displays': 'admin',
  'DELETE /api/v1/displays/:id': 'admin',
  // Names are on every screen, a display's and an agent's included; changing them is an admin's.
  'GET /api/v1/roster': 'wall',
  'PUT /api/v1/roster/agents/:id': 'admin',
  'GET /api/v1/roster/agents/:id/versions': 'admin',
  'PUT /api/v1/roster/teams/:id': 'admin',
  'POST /api/v1/roster/import': 'admin',
  'GET /api/v1/roster/export.csv': 'admin',
  'POST /api/v1/alerts/:id/ack': 'supervisor',
  'POST /api/v1/alerts/:id/resolve': 'supervisor',
  'POST /api/v1/alerts/:id/snooze': 'supervisor',
  'POST /api/v1/alerts/bulk': 'supervisor',
  'GET /api/v1/history/response-times': 'supervisor',
  // Reports (docs/metrics.md, "Reports"): the weekly report names teams; a team's day names its people.
  'GET /api/v1/reports/weekly': 'viewer',
  'GET /api/v1/reports/team-day': 'supervisor',
  'GET /api/v1/calls/:callId/recording': 'supervisor',
  'GET /api/v1/goals': 'wall',
  'GET /api/v1/goals/progress': 'wall',
  'PUT /api/v1/goals': 'admin',
  'GET /api/v1/rules': 'viewer',
  'PUT /api/v1/rules/:id': 'admin',
  'POST /api/v1/rules/backtest': 'supervisor',
  'GET /api/v1/reconcile': 'admin',
  'GET /metrics': 'admin',
  'POST /api/v1/sql': 'analyst',
  // Weighted scores and the honour roll (issue 15): the weights are the admin's; every agent's scores the supervisors'.
  'GET /api/v1/me/scores': 'agent',
  'GET /api/v1/scores': 'supervisor',
  'GET /api/v1/scores/weights': 'supervisor',
  'PUT /api/v1/scores/weights': 'admin',
  'GET /api/v1/honours': 'wall',
  // The agent's own screen: an agent only (an admin is no agent), and never another agent's (me-numbers.test.ts).
  'GET /api/v1/me': 'agent',
  'GET /api/v1/me/help': 'agent',
  'POST /api/v1/me/help': 'agent',
  'DELETE /api/v1/me/help': 'agent',
  // The supervisors' agents table: an agent's calls of the last 2 hours (agent-board/).
  'GET /api/v1/agents/:agentId/calls': 'supervisor',
  // Contests (docs/rules.md, "Contests"): kept in history for every page; started and cancelled by a supervisor.
  'GET /api/v1/contests': 'viewer',
  'POST /api/v1/contests': 'supervisor',
  'POST /api/v1/contests/:id/cancel': 'supervisor',
  'GET /api/v1/contests/:id/sql': 'viewer',
  // Points (server/src/points/): totals are on the screens, scoped like goals; the rules are the supervisors' to read, an admin's to change.
  'GET /api/v1/points': 'wall',
  'GET /api/v1/points/rules': 'supervisor',
  'PUT /api/v1/points/rules': 'admin',
};
/** A payload each known socket event accepts in shape; unknown events get `{}` (the role is checked before the payload). */
const SOCKET_SAMPLES: Record<string, unknown> = {
  subscribe: { scope: 'floor', window: '15m' },
  unsubscribe: { scope: 'floor', window: '15m' },
  'leaderboard:subscribe': { scope: 'floor' },
  'leaderboard:unsubscribe': { scope: 'floor' },
  'goals:subscribe': {},
  'goals:unsubscribe': {},
  'alert:ack': { id: 'no-such-alert' },
  'alert:resolve': { id: 'no-such-alert' },
  'alert:snooze': { id: 'no-such-alert', minutes: 10 },
  'alert:bulk': { action: 'ack', filter: { agentId: 'no-such-agent' } },
  'agents:subscribe': { scope: 'floor' },
  'agents:unsubscribe': { scope: 'floor' },
  'contests:subscribe': {},
  'contests:unsubscribe': {},
};
const EXPECTED_SOCKET: Record<string, Need> = {
  subscribe: 'wall',
  unsubscribe: 'wall',
  'leaderboard:subscribe': 'wall',
  'leaderboard:unsubscribe': 'wall',
  'goals:subscribe': 'wall',
  'goals:unsubscribe': 'wall',
  'alert:ack': 'supervisor',
  'alert:resolve': 'supervisor',
  'alert:snooze': 'supervisor',
  'alert:bulk': 'supervisor',
  // The supervisors' agents table (agent-board/): every agent's state and pause reason.
  'agents:subscribe': 'supervisor',
  'agents:unsubscribe': 'supervisor',
  'contests:subscribe': 'wall',
  'contests:unsubscribe': 'wall',
};

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/**
 * Every method + path the server answers: the express app's, read from its router stack at test time
 * (nested routers included), and the routes served ahead of it (http/direct-routes.ts).
 */
function routesOf(app: { web: unknown; direct: readonly { method: string; path: string }[] }): string[] {
  const out: string[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const m of Object.keys(layer.route.methods)) for (const p of paths) if (m !== '_all') out.push(`${m.toUpperCase()} ${p}`);
      } else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk((app.web as { router: { stack: Layer[] } }).router.stack);
  for (const r of app.direct) out.push(`${r.method} ${r.path}`);
  return [...new Set(out)].sort();
}

/** The one level whose holders are exactly `allowed`, or null when no level fits (access beyond a role). */
const NEEDS: readonly Need[] = [...ROLES, 'wall'];
function levelOf(allowed: Role[], among: readonly Role[]): Need | null {
  for (const need of NEEDS) {
    const want = among.filter((r) => hasRole(r, need));
    if (want.length === allowed.length && want.every((r) => allowed.includes(r))) return need;
  }
  return null;
}

describe('auth matrix: every route and socket event, every role', () => {
  let server: TestServer;
  beforeAll(async () => {
    // Every route and the socket are asked with a wrong token: with a few more routes that is past the 20
    // failures an address may make a minute (AUTH_FAILURE_LIMIT, rate-limits.test.ts). This matrix is about roles.
    server = await startServer({
      dataDir: tempDataDir('auth-matrix'),
      scheduler: asyncScheduler,
      env: {
        AUTH_FAILURE_LIMIT: '10000',
        HOOK_SECRETS: 'twilio=matrix-twilio-token-0123456789,vonage=matrix-vonage-secret-0123456789,7moor=matrix-7moor-token-0123456789',
      },
    });
    CRED.ingest = bearer(TOKENS.INGEST_TOKEN);
    CRED.viewer = bearer(TOKENS.VIEWER_TOKEN);
    CRED.supervisor = bearer(TOKENS.SUPERVISOR_TOKEN);
    CRED.analyst = bearer(TOKENS.ANALYST_TOKEN);
    CRED.admin = bearer(TOKENS.ADMIN_TOKEN);
    // A floor display: the widest a display reads (a team's reads less, tests/integration/people-*.test.ts).
    CRED.display = bearer((await createDisplay(server.url, { name: 'Floor TV', scope: 'floor' })).secret);
    const agent = await person(server.url, { login: 'matrix.agent', role: 'agent', agentId: 'north-a1', password: 'agent-password-123' });
    CRED.agent = { headers: agent.headers, auth: {} };
  });
  afterAll(async () => {
    await server.stop();
  });

  it('grants each HTTP route to exactly the roles of one level, and nothing without a valid token', async () => {
    // Signing out last: it ends the agent's session that every other route is asked with.
    const routes = routesOf(server.app).sort((a, b) => Number(a === 'DELETE /api/v1/session') - Number(b === 'DELETE /api/v1/session'));
    expect(routes).toContain('POST /api/v1/events');
    const problems: string[] = [];
    for (const route of routes) {
      if (PUBLIC.has(route) || HOOK_ROUTES[route]) continue;
      const [method, path] = route.split(' ') as [string, string];
      const url = `${server.url}${path.replace(/:(\w+)/g, 'no-such-$1')}`;
      const call = async (headers: Record<string, string>) => {
        const res = await fetch(url, {
          method,
          headers: { ...headers, 'content-type': 'application/json' },
          ...(method === 'GET' || method === 'HEAD' ? {} : { body: '{}' }),
        });
        const text = await res.text();
        // A 403 for the scope (a display's or an agent's own: "not yours to see") is the role let in.
        return res.status === 403 && text.includes('not yours to see') ? 200 : res.status;
      };
      for (const [who, headers] of [
        ['no credential', {}],
        ['a wrong token', { authorization: 'Bearer wrong-token-0123456789abcdef' }],
        ['a forged session', { cookie: 'fp_session=v1.x.YWRtaW4.99999999999999.forged' }],
      ] as const) {
        const status = await call(headers);
        if (status !== 401) problems.push(`${route} with ${who}: ${status}, not 401`);
      }
      const allowed: Role[] = [];
      for (const role of ROLES) {
        const status = await call(CRED[role].headers);
        if (status !== 401 && status !== 403) allowed.push(role);
      }
      const level = levelOf(allowed, ROLES);
      if (level === null) problems.push(`${route} is open to [${allowed.join(', ')}]: no role level grants exactly that`);
      else if (EXPECTED[route] && EXPECTED[route] !== level) problems.push(`${route} needs ${level}, expected ${EXPECTED[route]}`);
    }
    expect(problems).toEqual([]);
    // The declared routes exist: a renamed route must not silently leave the matrix.
    expect(Object.keys(EXPECTED).filter((r) => !routes.includes(r))).toEqual([]);
  });

  it('refuses a token in the query string on every route: only the Authorization header authenticates', async () => {
    // A URL's token ends up in history, proxy logs and Referers; the pages read theirs and send it as a header.
    const problems: string[] = [];
    for (const route of routesOf(server.app)) {
      if (PUBLIC.has(route) || HOOK_ROUTES[route]) continue;
      const [method, path] = route.split(' ') as [string, string];
      for (const role of ROLES.filter((r) => r !== 'agent')) {
        const res = await fetch(`${server.url}${path.replace(/:(\w+)/g, 'no-such-$1')}?token=${String(CRED[role].auth.token)}`, {
          method,
          headers: { 'content-type': 'application/json' },
          ...(method === 'GET' ? {} : { body: '{}' }),
        });
        await res.arrayBuffer();
        if (res.status !== 401) problems.push(`${route} with ?token= of ${role}: ${res.status}, not 401`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("refuses every role's token and every other credential at a vendor's hook: only the hook's own secret opens it", async () => {
    const routes = routesOf(server.app);
    expect(Object.keys(HOOK_ROUTES).filter((r) => !routes.includes(r))).toEqual([]);
    const problems: string[] = [];
    for (const [route, hooks] of Object.entries(HOOK_ROUTES)) {
      const [method, pattern] = route.split(' ') as [string, string];
      for (const hook of hooks) {
        const url = `${server.url}${pattern.replace(':name', hook)}`;
        const call = async (headers: Record<string, string>, query = '') => {
          const res = await fetch(`${url}${query}`, { method, headers: { ...headers, 'content-type': 'application/json' }, body: '{}' });
          await res.arrayBuffer();
          return res.status;
        };
        const none = await call({});
        if (none !== 401) problems.push(`${hook} with no credential: ${none}, not 401`);
        const tries: [string, Record<string, string>, string][] = [
          ['a forged session', { cookie: 'fp_session=v1.x.YWRtaW4.99999999999999.forged' }, ''],
          ...ROLES.map((r): [string, Record<string, string>, string] => [r, CRED[r].headers, '']),
          ...ROLES.filter((r) => r !== 'agent').map((r): [string, Record<string, string>, string] => [
            `?token= of ${r}`,
            {},
            `?token=${String(CRED[r].auth.token)}`,
          ]),
        ];
        for (const [who, headers, query] of tries) {
          const status = await call(headers, query);
          if (status !== 401 && status !== 403) problems.push(`${hook} with ${who}: ${status}, not refused`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('refuses a socket without a valid token, and an ingest token', async () => {
    await expect(connectScreen(server.url, {})).rejects.toThrow('unauthorized');
    await expect(connectScreen(server.url, { token: 'wrong-token-0123456789abcdef' })).rejects.toThrow('unauthorized');
    await expect(connectScreen(server.url, { token: TOKENS.INGEST_TOKEN })).rejects.toThrow('forbidden');
  });

  it('grants each socket event to exactly the roles of one level', async () => {
    // The HTTP matrix signed the agent out (DELETE /api/v1/session): a new session.
    CRED.agent = { headers: (await signIn(server.url, 'matrix.agent', 'agent-password-123')).headers, auth: {} };
    const screenRoles = ROLES.filter((r) => r !== 'ingest');
    const allowed = new Map<string, Role[]>();
    for (const role of screenRoles) {
      const screen: Screen = await connectScreen(server.url, CRED[role].auth, { headers: CRED[role].headers });
      try {
        // The events this server listens to on a socket of this role, read from the server side.
        const serverSocket = server.app.io.of('/').sockets.get(screen.id!);
        const events = (serverSocket?.eventNames() ?? []).map(String).filter((e) => !['disconnect', 'disconnecting', 'error'].includes(e));
        expect(events).toContain('subscribe');
        for (const event of events) {
          const ack = (await screen.timeout(5000).emitWithAck(event as 'subscribe', (SOCKET_SAMPLES[event] ?? {}) as never)) as {
            ok: boolean;
            error?: string;
          };
          if (!allowed.has(event)) allowed.set(event, []);
          if (!(ack.ok === false && ack.error === 'forbidden')) allowed.get(event)!.push(role);
        }
      } finally {
        screen.close();
      }
    }
    const problems: string[] = [];
    for (const [event, roles] of allowed) {
      const level = levelOf(roles, screenRoles);
      if (level === null) problems.push(`${event} is open to [${roles.join(', ')}]: no role level grants exactly that`);
      else if (EXPECTED_SOCKET[event] && EXPECTED_SOCKET[event] !== level)
        problems.push(`${event} needs ${level}, expected ${EXPECTED_SOCKET[event]}`);
    }
    expect(problems).toEqual([]);
    expect(Object.keys(EXPECTED_SOCKET).filter((e) => !allowed.has(e))).toEqual([]);
  });

  it("puts only an agent's socket in their own rooms: me:update and me:help reach no other role", async () => {
    CRED.agent = { headers: (await signIn(server.url, 'matrix.agent', 'agent-password-123')).headers, auth: {} };
    for (const role of ROLES.filter((r) => r !== 'ingest')) {
      const screen: Screen = await connectScreen(server.url, CRED[role].auth, { headers: CRED[role].headers });
      try {
        const mine = record(screen, 'me:update');
        const rooms = [...(server.app.io.of('/').sockets.get(screen.id!)?.rooms ?? [])].filter(
          (r) => r.startsWith('person:') || r.startsWith('me|'),
        );
        if (role === 'agent') {
          expect(rooms.sort()).toEqual(['me|{"agentId":"north-a1"}', 'person:matrix.agent']);
          await until(() => mine.length > 0, 5000, "the agent's me:update");
        } else expect(rooms, role).toEqual([]);
      } finally {
        screen.close();
      }
    }
  });
});
