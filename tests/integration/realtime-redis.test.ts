import type { ChildProcess } from 'node:child_process';
import type { Alert, AlertChange, Celebration } from '@floorpulse/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChildServers, startRedis, stopChild } from '../helpers/processes.js';
import { record, type Screen, screenPool, until } from '../helpers/realtime-client.js';
import { saleCelebration } from '../helpers/realtime-fixtures.js';
import { TOKENS } from '../helpers/server.js';

const iso = new Date().toISOString();
const celebration = (id: string) => saleCelebration(id, iso);
const agentAlert = (id: string): AlertChange => ({
  kind: 'new',
  alert: {
    id,
    ruleId: 'stress',
    level: 'agent',
    severity: 'warning',
    teamId: 'north',
    agentId: 'n1',
    title: 'n1 struggling',
    status: 'open',
    openedAt: iso,
    updatedAt: iso,
    evidence: { metric: 'hangupRate', value: 0.4, threshold: 0.3, callIds: ['call-9'] },
  },
});

/** Two FloorPulse processes, each its own chDB data dir, joined by a real redis-server. */
describe('two server processes behind the Redis adapter', () => {
  let redis: ChildProcess | undefined;
  const procs: { proc: ChildProcess; url: string }[] = [];
  const tell = (i: number, msg: object) => procs[i]!.proc.stdin!.write(`${JSON.stringify(msg)}\n`);
  const screens = screenPool();
  const screen = (i: number, auth: Record<string, unknown>, before?: (s: Screen) => void) =>
    screens.connect(procs[i]!.url, auth, { before });

  beforeAll(async () => {
    const r = await startRedis();
    redis = r.proc;
    procs.push(...(await startChildServers(['a', 'b'], 'redis', { REDIS_URL: r.url })));
  });
  afterAll(async () => {
    screens.closeAll();
    await Promise.all(procs.map((p) => stopChild(p.proc)));
    await stopChild(redis);
  });

  it('delivers a celebration emitted on process A to screens on process B, once each', async () => {
    const wallB = await screen(1, { token: TOKENS.VIEWER_TOKEN });
    const wallA = await screen(0, { token: TOKENS.VIEWER_TOKEN });
    const onB = record<Celebration>(wallB, 'celebration');
    const onA = record<Celebration>(wallA, 'celebration');
    tell(0, { celebration: celebration('x1') });
    tell(0, { celebration: celebration('x2') });
    await until(() => onB.length >= 2 && onA.length >= 2, 3000, 'both celebrations on both processes');
    await wallB.emitWithAck('unsubscribe', { scope: 'floor', window: '15m' }); // barrier: no late duplicate
    // Each as process A's screens got it, its points (+20, docs/metrics.md "Points") included.
    expect(onB.map((c) => c.data)).toEqual([celebration('x1'), celebration('x2')].map((c) => ({ ...c, points: 20 })));
    expect(onA.map((c) => c.data.id)).toEqual(['x1', 'x2']);
  });

  it('keeps role filtering across processes: agent alerts from A reach supervisors on B, not walls', async () => {
    const boss = await screen(1, { token: TOKENS.SUPERVISOR_TOKEN });
    const wall = await screen(1, { token: TOKENS.VIEWER_TOKEN });
    const bossSees = record<Alert>(boss, 'alert:new');
    const wallSees = record<Alert>(wall, 'alert:new');
    tell(0, { alert: agentAlert('r1') });
    await until(() => bossSees.length === 1, 3000, 'the alert on B');
    expect(bossSees[0]!.data).toMatchObject({ id: 'r1', agentId: 'n1', evidence: { callIds: ['call-9'] } });
    await wall.emitWithAck('unsubscribe', { scope: 'floor', window: '15m' });
    expect(wallSees).toEqual([]);
  });

  it('replays on B what A celebrated after the last id a reconnecting screen names', async () => {
    const watcher = await screen(1, { token: TOKENS.VIEWER_TOKEN });
    const watched = record<Celebration>(watcher, 'celebration');
    tell(0, { celebration: celebration('x3') });
    // A sends the log entry to its peers before the broadcast, on one Redis connection, in order.
    await until(() => watched.length === 1, 3000, 'x3 on B');
    const seen: string[] = [];
    const s = await screen(1, { token: TOKENS.VIEWER_TOKEN, lastCelebrationId: 'x1' }, (sock) =>
      sock.on('celebration', (c) => seen.push(c.id)),
    );
    await s.emitWithAck('unsubscribe', { scope: 'floor', window: '15m' });
    expect(seen).toEqual(['x2', 'x3']);
  });
});
