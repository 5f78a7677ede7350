import type { AlertChange, Celebration } from '@floorpulse/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testClock } from '../helpers/clock.js';
import { eventually } from '../helpers/eventually.js';
import { liveAndSql } from '../helpers/live-vs-sql.js';
import { get, post, startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';

const NOW = Date.parse('2026-11-20T03:00:00Z'); // 11:00 in Shanghai
const SUP = TOKENS.SUPERVISOR_TOKEN;

describe('alert lifecycle and celebrations through the real server', () => {
  const clock = testClock(NOW);
  const dataDir = tempDataDir('alerts');
  let server: TestServer;
  const changes: AlertChange[] = [];
  const celebrations: Celebration[] = [];
  const start = async () => {
    // The early dial below (07:30) reaches the server at 11:00: 4 h of live horizon lets it alert (live-horizon.test.ts has the default).
    server = await startServer({ dataDir, scheduler: clock, env: { LIVE_HORIZON_MINUTES: '240' } });
    server.app.alerts$.subscribe((c) => changes.push(c));
    server.app.celebrations$.subscribe((c) => celebrations.push(c));
  };
  const alertsAs = async (token: string, q = '') =>
    (await get(`${server.url}/api/v1/alerts${q}`, token)).body.alerts as { id: string; status: string }[];
  const act = (id: string, action: string, body: object, token: string = SUP) =>
    post(`${server.url}/api/v1/alerts/${encodeURIComponent(id)}/${action}`, body, token);
  const send = (events: object[]) => post(`${server.url}/api/v1/events`, events);

  beforeAll(start);
  afterAll(async () => server.stop());

  it('a help request opens an agent-level alert at once: supervisors see it, viewers do not', async () => {
    expect(
      (await send([{ id: 'h1', type: 'help.requested', ts: NOW - 1000, teamId: 'north', agentId: 'n1', message: 'angry lead' }])).status,
    ).toBe(200);
    const list = await eventually('help alert', async () => ((await alertsAs(SUP)).length ? alertsAs(SUP) : undefined));
    expect(list).toMatchObject([
      {
        id: 'help:h1',
        ruleId: 'help',
        level: 'agent',
        status: 'open',
        agentId: 'n1',
        teamId: 'north',
        evidence: { message: 'angry lead' },
      },
    ]);
    expect(await alertsAs(TOKENS.VIEWER_TOKEN)).toEqual([]);
    expect(await alertsAs(SUP, '?agent=n2')).toEqual([]);
    expect(changes.map((c) => `${c.kind}:${c.alert.id}`)).toEqual(['new:help:h1']);
  });

  it('checks roles and bodies: 401, 403, 404, 400 naming the field', async () => {
    expect((await act('help:h1', 'ack', {}, TOKENS.VIEWER_TOKEN)).status).toBe(403);
    expect((await act('help:h1', 'ack', {}, 'nope-nope-nope-nope')).status).toBe(401);
    expect((await act('help:unknown', 'ack', {})).status).toBe(404);
    const noMinutes = await act('help:h1', 'snooze', {});
    expect(noMinutes.status).toBe(400);
    expect(noMinutes.body.error).toMatch(/^minutes:/);
    expect((await act('help:h1', 'snooze', { minutes: 0 })).body.error).toMatch(/^minutes:/);
    expect((await act('help:h1', 'ack', { note: 5 })).body.error).toMatch(/^note:/);
    expect((await get(`${server.url}/api/v1/alerts?status=bogus`, SUP)).status).toBe(400);
  });

  it('open → acknowledged → snoozed → resolved, each stored with who and when; invalid transitions are 409', async () => {
    const acked = await act('help:h1', 'ack', { note: 'walking over' });
    expect(acked.status).toBe(200);
    expect(acked.body).toMatchObject({
      status: 'acknowledged',
      acknowledgedBy: 'supervisor',
      note: 'walking over',
      acknowledgedAt: new Date(NOW).toISOString(),
    });
    expect((await act('help:h1', 'ack', {})).status).toBe(409);
    expect((await act('help:h1', 'snooze', { minutes: 30 })).body).toMatchObject({
      status: 'snoozed',
      snoozedUntil: new Date(NOW + 30 * 60_000).toISOString(),
    });
    expect((await act('help:h1', 'resolve', { note: 'done' }, TOKENS.ADMIN_TOKEN)).body).toMatchObject({
      status: 'resolved',
      resolvedAt: new Date(NOW).toISOString(),
    });
    expect((await act('help:h1', 'resolve', {})).status).toBe(409);
    expect((await act('help:h1', 'snooze', { minutes: 5 })).status).toBe(409);
    const rows = await (
      await server.store.client.query({
        query: `SELECT seq, transition, by, status FROM alerts WHERE id = 'help:h1' ORDER BY seq`,
        format: 'JSONEachRow',
      })
    ).json();
    expect(rows).toEqual([
      { seq: 1, transition: 'open', by: 'system', status: 'open' },
      { seq: 2, transition: 'ack', by: 'supervisor', status: 'acknowledged' },
      { seq: 3, transition: 'snooze', by: 'supervisor', status: 'snoozed' },
      { seq: 4, transition: 'resolve', by: 'admin', status: 'resolved' },
    ]);
    expect(changes.map((c) => `${c.kind}:${c.alert.status}`)).toEqual([
      'new:open',
      'update:acknowledged',
      'update:snoozed',
      'update:resolved',
    ]);
  });

  it('a dial outside calling hours is flagged, counted like SQL, and alerts naming the rule and the call', async () => {
    // 07:30 local today: before 08:00.
    const ts = Date.parse('2026-11-20T07:30:00+08:00');
    await send([
      {
        id: 'd1',
        type: 'call.dialed',
        ts,
        teamId: 'north',
        agentId: 'n1',
        callId: 'call-early',
        channel: 'human',
        phone: '+8613900000001',
      },
    ]);
    const alert = await eventually('violation alert', async () =>
      (await alertsAs(SUP)).find((a) => a.id === 'violation:fp:outside_hours:call-early'),
    );
    expect(alert).toMatchObject({
      ruleId: 'violation',
      severity: 'warning',
      evidence: { rule: 'outside_hours', callIds: ['call-early'] },
    });
    const { live, sql } = await liveAndSql(server, 'floor', 'today');
    expect(live.counts).toMatchObject({ dialed: 1, violations: 1 });
    expect(live.rates.complianceRate).toBe(0);
    expect(live.counts).toEqual(sql);
  });

  it('celebrates a clean sale once, and none for a sale on a call with expired consent', async () => {
    await send([
      {
        id: 'd2',
        type: 'call.dialed',
        ts: NOW - 60_000,
        teamId: 'north',
        agentId: 'n2',
        callId: 'call-ok',
        channel: 'human',
        phone: '+8613900000002',
      },
      {
        id: 'd3',
        type: 'call.dialed',
        ts: NOW - 60_000,
        teamId: 'north',
        agentId: 'n2',
        callId: 'call-bad',
        channel: 'human',
        phone: '+8613900000003',
        consentExpiresAt: NOW - 86_400_000,
      },
    ]);
    await send([
      {
        id: 's1',
        type: 'call.outcome',
        ts: NOW - 30_000,
        teamId: 'north',
        agentId: 'n2',
        callId: 'call-ok',
        outcome: 'sale',
        amount: 3888,
      },
      { id: 's2', type: 'call.outcome', ts: NOW - 30_000, teamId: 'north', agentId: 'n2', callId: 'call-bad', outcome: 'sale' },
    ]);
    await eventually('sale celebration', async () => (celebrations.length ? true : undefined));
    await eventually('no_consent alert', async () => (await alertsAs(SUP)).find((a) => a.id === 'violation:fp:no_consent:call-bad'));
    expect(celebrations).toMatchObject([
      { id: 'sale:s1', kind: 'sale', agentId: 'n2', teamId: 'north', detail: 'n2 (team north) closed a sale (3,888)', amount: 3888 },
    ]);
  });

  it('an achievement fires once a day per agent, even after a restart and a duplicate', async () => {
    const calls = Array.from({ length: 20 }, (_, i) => ({
      id: `x${i}`,
      type: 'call.ended',
      ts: NOW - 120_000 + i,
      teamId: 'south',
      agentId: 's9',
      callId: `cx${i}`,
      answered: true,
      talkSeconds: 90,
      hangupBy: 'agent',
    }));
    await send(calls);
    await eventually('achievement', async () => (celebrations.some((c) => c.kind === 'achievement') ? true : undefined));
    const before = celebrations.length;
    const alertsBefore = (await alertsAs(SUP)).map((a) => `${a.id}:${a.status}`).sort();
    await server.stop();
    await start();
    expect((await alertsAs(SUP)).map((a) => `${a.id}:${a.status}`).sort()).toEqual(alertsBefore);
    expect((await send(calls)).body).toMatchObject({ accepted: 0, duplicates: 20 });
    await send([
      {
        id: 'x-more',
        type: 'call.ended',
        ts: NOW - 1000,
        teamId: 'south',
        agentId: 's9',
        callId: 'cx-more',
        answered: true,
        talkSeconds: 90,
        hangupBy: 'agent',
      },
    ]);
    // The next event for another agent proves the pipeline has processed the batch above.
    await send([{ id: 'h2', type: 'help.requested', ts: NOW - 500, teamId: 'south', agentId: 's1' }]);
    await eventually('help alert after restart', async () => (await alertsAs(SUP)).find((a) => a.id === 'help:h2'));
    expect(celebrations.length).toBe(before);
    const n = await (
      await server.store.client.query({ query: `SELECT count() AS n FROM celebrations WHERE kind = 'achievement'`, format: 'JSONEachRow' })
    ).json<{ n: string | number }>();
    expect(Number(n[0]?.n)).toBe(1);
  });
});
