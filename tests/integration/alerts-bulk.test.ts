import type { Alert, AlertBulkAnswer } from '@floorpulse/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testClock } from '../helpers/clock.js';
import { eventually } from '../helpers/eventually.js';
import { person, type Session } from '../helpers/people.js';
import { screenPool } from '../helpers/realtime-client.js';
import { get, post, startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';

const NOW = Date.parse('2026-11-20T03:00:00Z'); // 11:00 in Shanghai
const SUP = TOKENS.SUPERVISOR_TOKEN;

const helpFrom = (agentId: string, teamId: string) => ({
  id: `h-${agentId}`,
  type: 'help.requested',
  ts: NOW - 60_000,
  teamId,
  agentId,
  message: 'need a hand',
});
const violationBy = (agentId: string, teamId: string) => ({
  id: `v-${agentId}`,
  type: 'compliance.flag',
  ts: NOW - 60_000,
  teamId,
  agentId,
  callId: `call-${agentId}`,
  rule: 'script',
  severity: 'violation',
});

describe('bulk actions: ack or resolve everything matching a filter, one note, each alert its own transition', () => {
  let server: TestServer;
  let lin: Session;
  const screens = screenPool();
  const alerts = async () => (await get(`${server.url}/api/v1/alerts`, SUP)).body.alerts as Alert[];
  const rows = async (query: string) =>
    (await (await server.store.client.query({ query, format: 'JSONEachRow' })).json()) as Record<string, unknown>[];
  const bulk = async (body: unknown, headers: Record<string, string>) => {
    const res = await fetch(`${server.url}/api/v1/alerts/bulk`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as AlertBulkAnswer & { error?: string } };
  };

  beforeAll(async () => {
    server = await startServer({ dataDir: tempDataDir('alerts-bulk'), scheduler: testClock(NOW) });
    lin = await person(server.url, { login: 'lin', name: 'Lin Wei', role: 'supervisor', teams: ['north'], password: 'lin-password-1' });
    const events = [
      helpFrom('n1', 'north'),
      helpFrom('n2', 'north'),
      helpFrom('s1', 'south'),
      violationBy('n1', 'north'),
      violationBy('n3', 'north'),
    ];
    expect((await post(`${server.url}/api/v1/events`, events)).body.rejected).toEqual([]);
    await eventually('five alerts', async () => ((await alerts()).length === 5 ? true : undefined));
  });
  afterAll(async () => server.stop());

  it('refuses a bad body naming the field, and a viewer', async () => {
    const bad = await bulk({ action: 'close', filter: {} }, lin.headers);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/^action:/);
    expect((await bulk({ action: 'ack', filter: { status: 'resolved' } }, lin.headers)).body.error).toMatch(/^filter\.status:/);
    expect((await bulk({ action: 'ack', filter: {} }, { authorization: `Bearer ${TOKENS.VIEWER_TOKEN}` })).status).toBe(403);
    // A person's change without the session's CSRF token is refused like any other.
    expect((await bulk({ action: 'ack', filter: {} }, { cookie: lin.cookie })).status).toBe(403);
  });

  it('acks every open help request of team north with one note: each its own ack row by Lin', async () => {
    const res = await bulk({ action: 'ack', filter: { ruleId: 'help', teamId: 'north' }, note: 'coming over' }, lin.headers);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ action: 'ack', matched: 2, skipped: [] });
    expect(res.body.changed.sort()).toEqual(['help:h-n1', 'help:h-n2']);
    const byId = new Map((await alerts()).map((a) => [a.id, a]));
    for (const id of ['help:h-n1', 'help:h-n2'])
      expect(byId.get(id)).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'lin', note: 'coming over' });
    expect(byId.get('help:h-s1')?.status).toBe('open');
    expect(byId.get('violation:v-n1')?.status).toBe('open');
    expect(await rows("SELECT id, by, note FROM alerts WHERE transition = 'ack' ORDER BY id")).toEqual([
      { id: 'help:h-n1', by: 'lin', note: 'coming over' },
      { id: 'help:h-n2', by: 'lin', note: 'coming over' },
    ]);
  });

  it('over the socket: resolves every violation, the acknowledged ones untouched by a second ack', async () => {
    const boss = await screens.connect(server.url, {}, { headers: { cookie: lin.cookie } });
    const again = await boss.emitWithAck('alert:bulk', { action: 'ack', filter: { ruleId: 'help', teamId: 'north' } });
    expect(again).toEqual({ ok: true, data: { action: 'ack', matched: 0, changed: [], skipped: [] } });
    expect(await boss.emitWithAck('alert:bulk', { action: 'resolve', filter: { severity: 'loud' } } as never)).toEqual({
      ok: false,
      error: 'invalid request',
    });
    const done = await boss.emitWithAck('alert:bulk', { action: 'resolve', filter: { ruleId: 'violation' }, note: 'coached both' });
    expect(done.ok && done.data.changed.sort()).toEqual(['violation:v-n1', 'violation:v-n3']);
    expect(await rows("SELECT id, by, note FROM alerts WHERE transition = 'resolve' ORDER BY id")).toEqual([
      { id: 'violation:v-n1', by: 'lin', note: 'coached both' },
      { id: 'violation:v-n3', by: 'lin', note: 'coached both' },
    ]);
    const open = (await alerts()).filter((a) => a.status === 'open').map((a) => a.id);
    expect(open).toEqual(['help:h-s1']);
    const viewer = await screens.connect(server.url, { token: TOKENS.VIEWER_TOKEN });
    expect(await viewer.emitWithAck('alert:bulk', { action: 'resolve', filter: {} })).toEqual({ ok: false, error: 'forbidden' });
  });
});
