import type { Alert, Celebration, RatesSnapshot } from '@floorpulse/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testClock } from '../helpers/clock.js';
import { record, screenPool, until } from '../helpers/realtime-client.js';
import { saleCelebration } from '../helpers/realtime-fixtures.js';
import { get, post, startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';

const NOW = Date.parse('2026-11-20T07:30:00.000Z');
const iso = new Date(NOW).toISOString();
const celebration = (id: string) => saleCelebration(id, iso);
const floorAlert: Alert = {
  id: 'f1',
  ruleId: 'floor-connect',
  level: 'floor',
  severity: 'warning',
  title: 'connect rate low',
  status: 'open',
  openedAt: iso,
  updatedAt: iso,
  evidence: { metric: 'connectRate', value: 0.1, threshold: 0.2 },
};
let seq = 0;
const dial = () => ({
  id: `rc-${++seq}`,
  type: 'call.dialed',
  ts: NOW - 60_000,
  teamId: 'north',
  agentId: 'n1',
  callId: `call-${seq}`,
  channel: 'human',
});

describe('reconnect', () => {
  let server: TestServer;
  const screens = screenPool();
  const screen = (auth: Record<string, unknown>, reconnectionDelay?: number) => screens.connect(server.url, auth, { reconnectionDelay });
  const serverHas = (id: string | undefined) => id !== undefined && server.app.io.of('/').sockets.has(id);

  beforeAll(async () => {
    server = await startServer({ dataDir: tempDataDir('realtime-reconnect'), scheduler: testClock(NOW) });
  });
  afterAll(async () => {
    screens.closeAll();
    await server.stop();
  });

  it('delivers what a screen missed during a drop exactly once, and its current rates', async () => {
    // 1 s before reconnecting: time for the test to emit while the screen is away. The screen names
    // c1 as its last celebration on every (re)connect: a recovered session must not replay c2 on top.
    const wall = await screen({ token: TOKENS.VIEWER_TOKEN, lastCelebrationId: 'c1' }, 1000);
    await wall.emitWithAck('subscribe', { scope: 'floor', window: '15m' });
    const cels = record<Celebration>(wall, 'celebration');
    const alerts = record<Alert>(wall, 'alert:new');
    const rates = record<RatesSnapshot>(wall, 'rates:update');
    server.app.celebrations$.next(celebration('c1'));
    await until(() => cels.length === 1, 1000, 'c1');

    const before = wall.id;
    wall.io.engine.close(); // the Wi-Fi drops: transport closed, not a deliberate disconnect
    await until(() => !serverHas(before), 1000, 'the server to notice the drop');
    server.app.celebrations$.next(celebration('c2'));
    server.app.alerts$.next({ kind: 'new', alert: floorAlert });
    expect(cels.map((c) => c.data.id)).toEqual(['c1']);
    await post(`${server.url}/api/v1/events`, [dial(), dial()]);

    await until(() => wall.connected, 3000, 'the reconnect');
    expect(wall.recovered).toBe(true);
    expect(wall.id).toBe(before);
    await until(() => cels.length >= 2 && alerts.length >= 1, 1000, 'the missed packets');
    const http = (await get(`${server.url}/api/v1/rates?scope=floor&window=15m`)).body;
    await until(() => rates.some((r) => r.data.counts.dialed === http.counts.dialed), 1000, 'the current rates');
    expect(rates.at(-1)!.data).toEqual(http);

    server.app.celebrations$.next(celebration('c3'));
    await until(() => cels.some((c) => c.data.id === 'c3'), 1000, 'c3');
    expect(cels.map((c) => c.data.id)).toEqual(['c1', 'c2', 'c3']);
    expect(alerts.map((a) => a.data.id)).toEqual(['f1']);
  });

  it('replays after the last celebration a screen names when its state was not recovered, never one it showed', async () => {
    const seen: Record<string, string[]> = { back: [], lost: [], fresh: [] };
    const open = (name: string, lastCelebrationId?: string) =>
      screens.connect(
        server.url,
        { token: TOKENS.VIEWER_TOKEN, lastCelebrationId },
        {
          before: (s) => s.on('celebration', (c) => seen[name]!.push(c.id)),
        },
      );
    const sockets = [await open('back', 'c1'), await open('lost', 'c-unknown'), await open('fresh')];
    // A round trip on each socket: everything sent on connect arrived before its answer.
    await Promise.all(sockets.map((s) => s.emitWithAck('unsubscribe', { scope: 'floor', window: '15m' })));
    expect(seen).toEqual({ back: ['c2', 'c3'], lost: [], fresh: [] });
  });
});
