import type { Alert, Celebration } from '@floorpulse/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testClock } from '../helpers/clock.js';
import { eventually } from '../helpers/eventually.js';
import { createDisplay } from '../helpers/people.js';
import { record, screenPool, until } from '../helpers/realtime-client.js';
import { saleCelebration } from '../helpers/realtime-fixtures.js';
import { get, post, startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';

const NOW = Date.parse('2026-11-20T07:30:00.000Z');
const iso = new Date(NOW).toISOString();

function alert(id: string, level: Alert['level'], extra: Partial<Alert> = {}): Alert {
  return {
    id,
    ruleId: 'stress',
    level,
    severity: 'warning',
    teamId: level === 'floor' ? undefined : 'north',
    agentId: level === 'agent' ? 'n1' : undefined,
    title: `${level} alert`,
    status: 'open',
    openedAt: iso,
    updatedAt: iso,
    evidence: {
      metric: 'hangupRate',
      value: 0.4,
      threshold: 0.3,
      sample: 40,
      callIds: ['call-1', 'call-2'],
      rule: 'stress',
      message: 'n1 struggling',
    },
    ...extra,
  };
}
const celebration = (id: string) => saleCelebration(id, iso, 'n1 closed a sale');
/** What a careless rules stage might attach: must never reach a screen. */
const leaky = <T>(x: T): T => ({ ...x, phone: '+8613900000000', phoneHash: 'ab12cd34' }) as T;

/** A help request: the default rule `help` opens the agent-level alert `help:<id>` at once, through the real AlertService. */
const help = (id: string) => ({ id, type: 'help.requested', ts: NOW - 1000, teamId: 'north', agentId: 'n1', message: 'angry lead' });

describe('alerts and celebrations over Socket.IO', () => {
  let server: TestServer;
  const screens = screenPool();
  const screen = (auth: Record<string, unknown>) => screens.connect(server.url, auth);

  /** The alert as HTTP lists it to a supervisor. */
  const asHttp = async (id: string) =>
    ((await get(`${server.url}/api/v1/alerts`, TOKENS.SUPERVISOR_TOKEN)).body.alerts as Alert[]).find((a) => a.id === id);
  /** A help request sent, and the alert it opens once it is open. */
  const openHelp = async (id: string) => {
    expect((await post(`${server.url}/api/v1/events`, [help(id)])).status).toBe(200);
    await eventually(`the alert help:${id}`, () => asHttp(`help:${id}`));
  };

  beforeAll(async () => {
    server = await startServer({ dataDir: tempDataDir('realtime-alerts'), scheduler: testClock(NOW) });
  });
  afterAll(async () => {
    screens.closeAll();
    await server.stop();
  });

  it('gives agent-level alerts and their evidence to supervisors only; the wall gets floor alerts without call ids', async () => {
    const wall = await screen({ token: TOKENS.VIEWER_TOKEN });
    const boss = await screen({ token: TOKENS.SUPERVISOR_TOKEN });
    const admin = await screen({ token: TOKENS.ADMIN_TOKEN });
    const seen = [wall, boss, admin].map((s) => record<Alert>(s, 'alert:new'));
    server.app.alerts$.next({ kind: 'new', alert: leaky(alert('a-agent', 'agent')) });
    server.app.alerts$.next({ kind: 'new', alert: leaky(alert('a-floor', 'floor')) });
    await until(() => seen.every((x) => x.some((a) => a.data.id === 'a-floor')), 1000, 'the floor alert everywhere');
    const [wallSeen, bossSeen, adminSeen] = seen.map((x) => x.map((a) => a.data));
    // Same connection, in order: the agent alert would have arrived before the floor one.
    expect(wallSeen!.map((a) => a.id)).toEqual(['a-floor']);
    expect(wallSeen![0]!.evidence).toEqual({ metric: 'hangupRate', value: 0.4, threshold: 0.3 });
    for (const got of [bossSeen!, adminSeen!]) {
      expect(got.map((a) => a.id)).toEqual(['a-agent', 'a-floor']);
      expect(got[0]!.evidence.callIds).toEqual(['call-1', 'call-2']);
      expect(got[0]!.agentId).toBe('n1');
    }
    expect(JSON.stringify(seen)).not.toMatch(/phone|8613900000000|ab12cd34/i);
  });

  it("gives a team's wall its team's metric alerts, redacted; another team's display and agent-level alerts stay off it", async () => {
    const north = await createDisplay(server.url, { name: 'North TV', scope: 'team:north' });
    const south = await createDisplay(server.url, { name: 'South TV', scope: 'team:south' });
    const kiosk = await screen({ token: TOKENS.VIEWER_TOKEN });
    const northTv = await screen({ token: north.secret });
    const southTv = await screen({ token: south.secret });
    const seen = [kiosk, northTv, southTv].map((s) => record<Alert>(s, 'alert:new'));
    server.app.alerts$.next({ kind: 'new', alert: leaky(alert('t-agent', 'agent')) });
    server.app.alerts$.next({ kind: 'new', alert: leaky(alert('t-team', 'team')) });
    // A team-level alert of an event rule (a call's finding) is not a team's number: supervisors only.
    server.app.alerts$.next({ kind: 'new', alert: alert('t-team-event', 'team', { evidence: { callIds: ['call-9'], rule: 'script' } }) });
    server.app.alerts$.next({ kind: 'new', alert: alert('t-floor', 'floor') });
    await until(() => seen.every((x) => x.some((a) => a.data.id === 't-floor')), 1000, 'the floor alert on every wall');
    const [kioskSeen, northSeen, southSeen] = seen.map((x) => x.map((a) => a.data));
    expect(kioskSeen!.map((a) => a.id)).toEqual(['t-team', 't-floor']);
    expect(northSeen!.map((a) => a.id)).toEqual(['t-team', 't-floor']);
    expect(southSeen!.map((a) => a.id)).toEqual(['t-floor']);
    expect(northSeen![0]!.evidence).toEqual({ metric: 'hangupRate', value: 0.4, threshold: 0.3 });
    // The wall picks its team's banner by the team: without the id no team's wall ever showed one.
    expect(northSeen![0]!.teamId).toBe('north');
    expect(JSON.stringify(northSeen)).not.toMatch(/call-1|n1 struggling|8613900000000|ab12cd34/);
  });

  it('sends celebrations to every screen once, without phone or hash', async () => {
    const wall = await screen({ token: TOKENS.VIEWER_TOKEN });
    const analyst = await screen({ token: TOKENS.ANALYST_TOKEN });
    const boss = await screen({ token: TOKENS.SUPERVISOR_TOKEN });
    const seen = [wall, analyst, boss].map((s) => record<Celebration>(s, 'celebration'));
    server.app.celebrations$.next(leaky(celebration('c-once')));
    server.app.celebrations$.next(celebration('c-once')); // the same trigger again: never shown twice
    server.app.celebrations$.next(celebration('c-next'));
    await until(() => seen.every((x) => x.some((c) => c.data.id === 'c-next')), 1000, 'the celebrations');
    for (const x of seen) expect(x.map((c) => c.data.id)).toEqual(['c-once', 'c-next']);
    // A person's sale says what it earned on its card: the shipped +20 (docs/metrics.md, "Points").
    expect(seen[0]![0]!.data).toEqual({ ...celebration('c-once'), points: 20 });
    expect(JSON.stringify(seen)).not.toMatch(/phone|8613900000000|ab12cd34/i);
  });

  it('lets supervisors ack, snooze and resolve over the socket with the same rules as HTTP', async () => {
    // The real lifecycle: the rules stage opens the alert, and HTTP reads the same service.
    await openHelp('a1');
    const wall = await screen({ token: TOKENS.VIEWER_TOKEN });
    const boss = await screen({ token: TOKENS.SUPERVISOR_TOKEN });
    const other = await screen({ token: TOKENS.SUPERVISOR_TOKEN });
    const otherSees = record<Alert>(other, 'alert:update');

    expect(await wall.emitWithAck('alert:ack', { id: 'help:a1' })).toEqual({ ok: false, error: 'forbidden' });
    expect(await boss.emitWithAck('alert:ack', { id: '' })).toEqual({ ok: false, error: 'invalid request' });
    expect(await boss.emitWithAck('alert:snooze', { id: 'help:a1' })).toEqual({ ok: false, error: 'invalid request' });
    expect(await boss.emitWithAck('alert:ack', { id: 'nope' })).toEqual({ ok: false, error: 'not found' });

    const acked = await boss.emitWithAck('alert:ack', { id: 'help:a1', note: 'talking to n1' });
    expect(acked).toMatchObject({
      ok: true,
      data: { id: 'help:a1', status: 'acknowledged', note: 'talking to n1', acknowledgedBy: 'supervisor' },
    });
    await until(() => otherSees.some((a) => a.data.status === 'acknowledged'), 1000, 'the other supervisor to see the ack');
    expect(await asHttp('help:a1')).toMatchObject({ status: 'acknowledged', note: 'talking to n1', acknowledgedBy: 'supervisor' });
    expect(await boss.emitWithAck('alert:snooze', { id: 'help:a1', minutes: 15 })).toMatchObject({ ok: true, data: { status: 'snoozed' } });
    expect(await boss.emitWithAck('alert:resolve', { id: 'help:a1' })).toMatchObject({ ok: true, data: { status: 'resolved' } });
    expect(await asHttp('help:a1')).toMatchObject({ status: 'resolved' });
    expect(await boss.emitWithAck('alert:ack', { id: 'help:a1' })).toEqual({ ok: false, error: 'invalid transition' });
  });

  it('answers unavailable when the transition cannot be stored, and leaves the alert as it was', async () => {
    await openHelp('a2');
    const boss = await screen({ token: TOKENS.SUPERVISOR_TOKEN });
    // ClickHouse refuses the write: the alerts table is away for the moment.
    await server.store.client.command({ query: 'RENAME TABLE alerts TO alerts_away' });
    try {
      expect(await boss.emitWithAck('alert:ack', { id: 'help:a2' })).toEqual({ ok: false, error: 'unavailable' });
    } finally {
      await server.store.client.command({ query: 'RENAME TABLE alerts_away TO alerts' });
    }
    expect(await asHttp('help:a2')).toMatchObject({ status: 'open' });
    expect(await boss.emitWithAck('alert:ack', { id: 'help:a2' })).toMatchObject({ ok: true, data: { status: 'acknowledged' } });
  });
});
