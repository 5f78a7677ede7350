import { afterAll, describe, expect, it } from 'vitest';
import { EventMix } from '../../bench/lib/events.js';
import { BENCH_TOKENS, type ServerProcess, startServerProcess } from '../../bench/lib/server-process.js';
import { loadConfig } from '../../server/src/config/config.js';
import { openStore, type Store } from '../../server/src/storage/clickhouse.js';
import { STORE_DEPS, tempDataDir } from '../helpers/server.js';

interface Batch {
  ids: string[];
  body: string;
}

/** (minute, agent) where agent_minute's dials differ from a recount of call_events: [] when they agree. */
async function agentMinuteDrift(client: Store['client']): Promise<unknown[]> {
  const rs = await client.query({
    query: `SELECT minute, agent_id FROM (
        SELECT toStartOfMinute(ts) AS minute, agent_id, count() AS e FROM call_events WHERE type = 'call.dialed' GROUP BY minute, agent_id) AS c
      FULL OUTER JOIN (SELECT minute, agent_id, sum(dialed) AS m FROM agent_minute GROUP BY minute, agent_id HAVING m > 0) AS a USING (minute, agent_id)
      WHERE e != m`,
    format: 'JSONCompactEachRow',
  });
  return rs.json();
}

async function send(url: string, b: Batch): Promise<{ status: number; accepted: number; duplicates: number; rejected: number } | null> {
  try {
    const res = await fetch(`${url}/api/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${BENCH_TOKENS.ingest}`, 'content-type': 'application/x-ndjson' },
      body: b.body,
    });
    const json = (await res.json()) as { accepted: number; duplicates: number; rejected: unknown[] };
    return { status: res.status, accepted: json.accepted, duplicates: json.duplicates, rejected: json.rejected?.length ?? 0 };
  } catch {
    return null; // the connection died with the server: not acknowledged
  }
}

/**
 * kill -9 during sustained ingest: what a 200 acknowledged must be in ClickHouse exactly once, a dialer's
 * re-send of everything else lands once, and the rebuilt live windows equal SQL.
 */
describe('kill -9 during sustained ingest', () => {
  const dataDir = tempDataDir('torture-crash');
  let server: ServerProcess | null = null;
  afterAll(async () => {
    await server?.kill();
  });

  it('keeps every acknowledged event exactly once, and the rates equal SQL after restart', { timeout: 90_000 }, async () => {
    server = await startServerProcess({ dataDir });
    const mix = new EventMix({ teams: 20, agents: 400, robotShare: 0.2 }, `k${Date.now()}`, 5);
    const acked = new Set<string>();
    const unacked: Batch[] = [];
    let killed = false;
    const url = server.url;
    const poster = async () => {
      while (!killed) {
        const lines = mix.lines(50, Date.now());
        const batch: Batch = { ids: lines.map((l) => (JSON.parse(l) as { id: string }).id), body: lines.join('\n') };
        const r = await send(url, batch);
        if (r?.status === 200) {
          expect(r.accepted + r.duplicates).toBe(50);
          for (const id of batch.ids) acked.add(id);
        } else unacked.push(batch);
      }
    };
    const posters = Array.from({ length: 8 }, poster);
    // Sustained: kill once a few thousand events are acknowledged and requests are in flight.
    const deadline = Date.now() + 30_000;
    while (acked.size < 5_000 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(acked.size).toBeGreaterThanOrEqual(5_000);
    killed = true;
    await server.kill();
    await Promise.all(posters);
    expect(unacked.length).toBeGreaterThan(0);

    server = await startServerProcess({ dataDir });
    // The dialer re-sends what was not acknowledged; some of it had landed before the kill.
    let resentDuplicates = 0;
    for (const b of unacked) {
      const r = await send(server.url, b);
      expect(r?.status).toBe(200);
      expect(r!.accepted + r!.duplicates).toBe(b.ids.length);
      resentDuplicates += r!.duplicates;
      for (const id of b.ids) acked.add(id);
    }
    // The windows rebuilt at start plus the re-sends equal SQL, scope by scope, window by window.
    const rec = await fetch(`${server.url}/api/v1/reconcile`, { headers: { authorization: `Bearer ${BENCH_TOKENS.admin}` } });
    expect(rec.status).toBe(200);
    const report = (await rec.json()) as { checked: number; differences: unknown[] };
    expect(report.checked).toBeGreaterThan(20);
    expect(report.differences).toEqual([]);
    expect(await server.stop()).toBe(0);
    server = null;

    // The server is gone: this process may open its data directory (chDB: one per process).
    const store = await openStore(loadConfig({ DATA_DIR: dataDir }), STORE_DEPS);
    try {
      const rs = await store.client.query({
        query: 'SELECT id, count() AS n FROM call_events WHERE NOT derived GROUP BY id',
        format: 'JSONCompactEachRow',
      });
      const rows = await rs.json<[string, string | number]>();
      const twice = rows.filter(([, n]) => Number(n) !== 1).map(([id]) => id);
      expect(twice).toEqual([]);
      const stored = new Set(rows.map(([id]) => id));
      const missing = [...acked].filter((id) => !stored.has(id));
      expect(missing).toEqual([]);
      expect(stored.size).toBe(acked.size);
      // Not a vacuous pass: the kill did catch writes in flight or re-sends that had already landed, or both.
      expect(unacked.length + resentDuplicates).toBeGreaterThan(0);
      // A batch cut between its two writes was rebuilt at the restart (storage/integrity).
      expect(await agentMinuteDrift(store.client)).toEqual([]);
    } finally {
      await store.close();
    }
  });
});

/**
 * kill -9 of the embedded engine itself during sustained ingest (FloorPulse lives on): the supervisor
 * brings it back, every batch the dialers re-send until acknowledged lands exactly once — also those
 * whose insert the kill cut after ClickHouse had stored it — and agent_minute equals call_events.
 */
describe('kill -9 of the engine during sustained ingest', () => {
  it('loses nothing, doubles nothing, and agent_minute still equals call_events', { timeout: 90_000 }, async () => {
    const dataDir = tempDataDir('torture-engine');
    const { startServer } = await import('../helpers/server.js');
    const { asyncScheduler } = await import('rxjs');
    const { execFileSync } = await import('node:child_process');
    const server = await startServer({ dataDir, scheduler: asyncScheduler, env: { INGEST_TOKEN: BENCH_TOKENS.ingest } });
    const enginePid = () => {
      const line = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
        .split('\n')
        .find((l) => l.includes('floorpulse-launcher') && l.includes(`--path=${dataDir}/clickhouse/`));
      return line ? Number(line.trim().split(/\s+/)[0]) : null;
    };
    try {
      const mix = new EventMix({ teams: 10, agents: 200, robotShare: 0.2 }, `e${Date.now()}`, 7);
      const acked = new Set<string>();
      let failures = 0;
      let stop = false;
      const poster = async () => {
        while (!stop) {
          const lines = mix.lines(50, Date.now());
          const batch: Batch = { ids: lines.map((l) => (JSON.parse(l) as { id: string }).id), body: lines.join('\n') };
          // A dialer: the same batch again until it is acknowledged.
          for (;;) {
            const r = await send(server.url, batch);
            if (r?.status === 200) {
              expect(r.accepted + r.duplicates).toBe(50);
              for (const id of batch.ids) acked.add(id);
              break;
            }
            failures++;
            await new Promise((res) => setTimeout(res, 20));
          }
        }
      };
      const posters = Array.from({ length: 6 }, poster);
      while (acked.size < 3_000) await new Promise((r) => setTimeout(r, 20));
      const first = enginePid()!;
      process.kill(first, 'SIGKILL');
      const target = acked.size + 3_000;
      while (acked.size < target) await new Promise((r) => setTimeout(r, 20));
      stop = true;
      await Promise.all(posters);
      expect(failures).toBeGreaterThan(0);
      expect(enginePid()).not.toBe(first);

      const rows = async <T>(query: string) => (await server.store.client.query({ query, format: 'JSONCompactEachRow' })).json<T>();
      const counted = await rows<[string, string | number]>('SELECT id, count() FROM call_events WHERE NOT derived GROUP BY id');
      expect(counted.filter(([, n]) => Number(n) !== 1)).toEqual([]);
      const stored = new Set(counted.map(([id]) => id));
      expect([...acked].filter((id) => !stored.has(id))).toEqual([]);
      expect(stored.size).toBe(acked.size);
      expect(await agentMinuteDrift(server.store.client)).toEqual([]);
    } finally {
      await server.stopAll();
    }
  });
});
