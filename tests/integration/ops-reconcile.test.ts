import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReconcileReport } from '../../server/src/ops/reconcile.js';
import { insertEvents } from '../../server/src/storage/events-repo.js';
import { deliveriesBefore } from '../../tools/simulator/generate.js';
import { testClock } from '../helpers/clock.js';
import { get, post, startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';

const NOW = Date.parse('2026-11-20T15:00:00+08:00');
const ROOT = path.resolve(import.meta.dirname, '../..');

async function cli(url: string): Promise<{ status: number; stdout: string }> {
  return promisify(execFile)(process.execPath, ['--import', 'tsx', 'tools/reconcile.ts', '--url', url, '--token', TOKENS.ADMIN_TOKEN], {
    cwd: ROOT,
    encoding: 'utf8',
  }).then(
    (r) => ({ status: 0, stdout: r.stdout }),
    (e: { code: number; stdout: string }) => ({ status: e.code, stdout: e.stdout }),
  );
}

describe('reconcile: live windows against SQL over call_events', () => {
  const clock = testClock(NOW);
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ dataDir: tempDataDir('ops-reconcile'), scheduler: clock });
    // A simulated day until now, late and duplicate deliveries included, sent as the simulator would.
    const start = Date.parse('2026-11-20T07:30:00+08:00');
    const deliveries = deliveriesBefore(
      { seed: 3, start, zone: 'Asia/Shanghai', teams: 3, agentsPerTeam: 3, robotsPerTeam: 1, speed: 1 },
      NOW,
    );
    for (let i = 0; i < deliveries.length; i += 2000) {
      const res = await post(
        `${server.url}/api/v1/events`,
        deliveries
          .slice(i, i + 2000)
          .map((d) => JSON.stringify(d.event))
          .join('\n'),
        undefined,
        'application/x-ndjson',
      );
      expect(res.status).toBe(200);
      expect(res.body.rejected).toEqual([]);
    }
  });
  afterAll(async () => {
    await server.stop();
  });

  it('is for the admin only', async () => {
    expect((await get(`${server.url}/api/v1/reconcile`, TOKENS.SUPERVISOR_TOKEN)).status).toBe(403);
    expect((await get(`${server.url}/api/v1/reconcile`, 'nope')).status).toBe(401);
  });

  it('finds no difference on a floor fed through the ingest API', async () => {
    const res = await get(`${server.url}/api/v1/reconcile`, TOKENS.ADMIN_TOKEN);
    const report = res.body as ReconcileReport;
    // floor + 3 teams + 2 channels, × 3 windows
    expect(report.checked).toBe(18);
    expect(report.differences).toEqual([]);
    expect((await get(`${server.url}/api/v1/rates?scope=floor&window=today`)).body.counts.dialed).toBeGreaterThan(500);
    const ok = await cli(server.url);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('18 live windows checked');
    expect(ok.stdout).toMatch(/[1-9]\d* agent scores \(day, week, month\) checked: every score and part equals/);
  });

  it('reports a row written behind the pipeline’s back, and the CLI exits 1', async () => {
    await insertEvents(
      server.store.client,
      [
        {
          id: 'rogue-1',
          type: 'call.dialed',
          ts: NOW - 5 * 60_000,
          teamId: 'north',
          agentId: 'north-a1',
          callId: 'rogue',
          channel: 'human',
        },
      ],
      NOW,
    );
    const report = (await get(`${server.url}/api/v1/reconcile`, TOKENS.ADMIN_TOKEN)).body as ReconcileReport;
    const floor15 = report.differences.find((d) => d.scope === 'floor' && d.window === '15m');
    expect(floor15).toBeDefined();
    expect(floor15!.sql.dialed).toBe(floor15!.live.dialed! + 1);
    expect(report.differences.map((d) => `${d.scope} ${d.window}`).sort()).toEqual(
      ['channel:human', 'floor', 'team:north'].flatMap((s) => [`${s} 15m`, `${s} 1h`, `${s} today`]).sort(),
    );
    const bad = await cli(server.url);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('9 of 18 live windows differ');
    expect(bad.stdout).toMatch(/floor 15m .*dialed live \d+ vs sql \d+/);
  });
});
