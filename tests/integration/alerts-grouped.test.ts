import type { Alert, AlertChange } from '@floorpulse/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testClock } from '../helpers/clock.js';
import { eventually } from '../helpers/eventually.js';
import { get, post, startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';

const NOW = Date.parse('2026-11-20T03:00:00Z'); // 11:00 in Shanghai
const SUP = TOKENS.SUPERVISOR_TOKEN;

/** A QA-reported violation on `callId` by `agentId`, `ago` ms before NOW. */
const flag = (id: string, agentId: string, callId: string, ago: number) => ({
  id,
  type: 'compliance.flag',
  ts: NOW - ago,
  teamId: 'north',
  agentId,
  callId,
  rule: 'script',
  severity: 'violation',
});

describe('grouped alerts: one open alert per (rule, agent), occurrences join it', () => {
  const clock = testClock(NOW);
  const dataDir = tempDataDir('alerts-grouped');
  let server: TestServer;
  const changes: AlertChange[] = [];
  const start = async () => {
    server = await startServer({ dataDir, scheduler: clock });
    server.app.alerts$.subscribe((c) => changes.push(c));
  };
  const alerts = async () => (await get(`${server.url}/api/v1/alerts`, SUP)).body.alerts as Alert[];
  const send = async (events: object[]) => expect((await post(`${server.url}/api/v1/events`, events)).body.rejected).toEqual([]);
  /** Waits until the alert `id` shows `count` occurrences. */
  const grouped = (id: string, count: number) =>
    eventually(`${id} ×${count}`, async () => (await alerts()).find((a) => a.id === id && a.evidence.count === count));
  const rows = async (query: string) =>
    (await (await server.store.client.query({ query, format: 'JSONEachRow' })).json()) as Record<string, unknown>[];

  beforeAll(start);
  afterAll(async () => server.stop());

  it('a second violation by the same agent joins the first: a count, both calls, the latest call time', async () => {
    await send([flag('v1', 'n1', 'call-1', 9 * 60_000)]);
    const first = await grouped('violation:v1', 1);
    expect(first).toMatchObject({ severity: 'warning', status: 'open', agentId: 'n1' });

    await send([flag('v2', 'n1', 'call-2', 4 * 60_000)]);
    const two = await grouped('violation:v1', 2);
    expect(two.severity).toBe('warning');
    expect(two.evidence.callIds).toEqual(['call-1', 'call-2']);
    expect(two.evidence.window).toEqual({ from: new Date(NOW - 9 * 60_000).toISOString(), to: new Date(NOW - 4 * 60_000).toISOString() });
    expect((await alerts()).filter((a) => a.ruleId === 'violation')).toHaveLength(1);
    expect(changes.filter((c) => c.alert.ruleId === 'violation').map((c) => `${c.kind}:${c.alert.evidence.count}`)).toEqual([
      'new:1',
      'update:2',
    ]);
  });

  it('the third occurrence raises the severity as the rule says (severitySteps: 3 → critical)', async () => {
    // Out of order: this call happened before the others; the window still runs from the earliest to the latest.
    await send([flag('v3', 'n1', 'call-3', 12 * 60_000)]);
    const three = await grouped('violation:v1', 3);
    expect(three.severity).toBe('critical');
    expect(three.evidence.window).toEqual({
      from: new Date(NOW - 12 * 60_000).toISOString(),
      to: new Date(NOW - 4 * 60_000).toISOString(),
    });
    expect(three.evidence.callIds).toEqual(['call-1', 'call-2', 'call-3']);
  });

  it('another agent, and another rule for the same agent, are groups of their own', async () => {
    await send([
      flag('w1', 'n2', 'call-4', 60_000),
      { id: 'h1', type: 'help.requested', ts: NOW - 30_000, teamId: 'north', agentId: 'n1', message: 'lead asks for a manager' },
    ]);
    await grouped('violation:w1', 1);
    await grouped('help:h1', 1);
    const open = (await alerts()).filter((a) => a.status !== 'resolved').map((a) => `${a.id}×${a.evidence.count}`);
    expect(open.sort()).toEqual(['help:h1×1', 'violation:v1×3', 'violation:w1×1']);
  });

  it('a restart keeps the groups: the next occurrence joins the stored one', async () => {
    await server.stop();
    await start();
    await send([flag('v4', 'n1', 'call-5', 2 * 60_000)]);
    const four = await grouped('violation:v1', 4);
    expect(four.severity).toBe('critical');
    expect(await rows("SELECT seq, transition FROM alerts WHERE id = 'violation:v1' ORDER BY seq")).toEqual([
      { seq: 1, transition: 'open' },
      { seq: 2, transition: 'join' },
      { seq: 3, transition: 'join' },
      { seq: 4, transition: 'join' },
    ]);
  });

  it('acknowledged still groups; once resolved, the next occurrence opens a new group at the rule’s own severity', async () => {
    expect((await post(`${server.url}/api/v1/alerts/violation%3Av1/ack`, {}, SUP)).status).toBe(200);
    await send([flag('v5', 'n1', 'call-6', 90_000)]);
    expect(await grouped('violation:v1', 5)).toMatchObject({ status: 'acknowledged' });

    expect((await post(`${server.url}/api/v1/alerts/violation%3Av1/resolve`, { note: 'coached' }, SUP)).status).toBe(200);
    await send([flag('v6', 'n1', 'call-7', 30_000)]);
    const fresh = await grouped('violation:v6', 1);
    expect(fresh).toMatchObject({ severity: 'warning', status: 'open', evidence: { callIds: ['call-7'] } });
    expect((await alerts()).find((a) => a.id === 'violation:v1')).toMatchObject({ status: 'resolved', evidence: { count: 5 } });
  });
});
