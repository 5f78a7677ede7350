import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testClock } from '../helpers/clock.js';
import { eventually } from '../helpers/eventually.js';
import { get, post, startServer, type TestServer, tempDataDir } from '../helpers/server.js';

/** The embedded engine is FloorPulse's child: when it dies, FloorPulse says so and brings it back. */
const NOW = Date.parse('2026-11-20T03:00:00.000Z');
let server: TestServer;

/** The engine of this data directory, found as the OS sees it (its --path argument). */
function enginePid(dataDir: string): number | null {
  const lines = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' }).split('\n');
  const line = lines.find((l) => l.includes('floorpulse-launcher') && l.includes(`--path=${dataDir}/clickhouse/`));
  return line ? Number(line.trim().split(/\s+/)[0]) : null;
}

/** 15 s: an engine restart backs off from 0.5 s, and a start loads every part's metadata. */
const until = <T>(what: string, probe: () => Promise<T | null>) => eventually(what, probe, 15_000, 50);

beforeAll(async () => {
  server = await startServer({ dataDir: tempDataDir('engine'), scheduler: testClock(NOW) });
});
afterAll(async () => {
  await server.stopAll();
});

describe('the embedded engine', () => {
  it('runs as a child process on loopback, with no secret in its environment', () => {
    const pid = enginePid(server.dataDir);
    expect(pid).not.toBeNull();
    const environ = execFileSync('cat', [`/proc/${pid}/environ`], { encoding: 'utf8' })
      .split('\0')
      .filter(Boolean);
    expect(environ.map((kv) => kv.split('=')[0])).toEqual(['PATH']);
    expect(server.store.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('killed, makes /readyz and ingest answer 503, then comes back by itself and everything works again', async () => {
    const first = enginePid(server.dataDir)!;
    expect(
      (await post(`${server.url}/api/v1/events`, { id: 'before', type: 'help.requested', ts: NOW, teamId: 'north', agentId: 'a1' })).status,
    ).toBe(200);
    process.kill(first, 'SIGKILL');
    await until('not ready', async () => ((await get(`${server.url}/readyz`)).status === 503 ? true : null));
    const during = await post(`${server.url}/api/v1/events`, {
      id: 'during',
      type: 'help.requested',
      ts: NOW,
      teamId: 'north',
      agentId: 'a1',
    });
    // Either the engine is still down (503, nothing accepted) or already back (200): never a 500, never a loss.
    expect([200, 503]).toContain(during.status);
    const second = await until('a new engine', async () => {
      const pid = enginePid(server.dataDir);
      return pid !== null && pid !== first ? pid : null;
    });
    expect(second).not.toBe(first);
    await until('ready again', async () => ((await get(`${server.url}/readyz`)).status === 200 ? true : null));
    expect(
      (await post(`${server.url}/api/v1/events`, { id: 'after', type: 'help.requested', ts: NOW, teamId: 'north', agentId: 'a1' })).status,
    ).toBe(200);
    const rs = await server.store.client.query({
      query: "SELECT id FROM call_events WHERE id IN ('before', 'during', 'after') ORDER BY id",
      format: 'JSONCompactEachRow',
    });
    const ids = (await rs.json<[string]>()).map((r) => r[0]);
    expect(ids).toEqual(during.status === 200 ? ['after', 'before', 'during'] : ['after', 'before']);
  });
});
