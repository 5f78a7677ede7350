import { pino } from 'pino';
import { asyncScheduler } from 'rxjs';
import { afterAll, describe, expect, it } from 'vitest';
import { BENCH_TOKENS, type ServerProcess, startServerProcess } from '../../bench/lib/server-process.js';
import { loadConfig } from '../../server/src/config/config.js';
import { freePort } from '../../server/src/ops/free-port.js';
import { openStore } from '../../server/src/storage/clickhouse.js';
import { startConnector } from '../../tools/connectors/connector.js';
import { Backoff } from '../../tools/connectors/delivery/backoff.js';
import { AMI_FLOOR_PER_COPY, amiFloorScript, FLOOR_MAPPING } from '../helpers/dialer-replay.js';
import { type FakeDialer, fakeAmiServer } from '../helpers/fake-dialers.js';
import { STORE_DEPS, tempDataDir } from '../helpers/server.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * kill -9 of FloorPulse while a connector replays a busy hour: the connector buffers (memory, then its
 * spool on disk), retries until FloorPulse is back on the same address, and every event lands exactly once.
 */
describe('FloorPulse killed during a busy hour of AMI events', () => {
  let server: ServerProcess | null = null;
  let fake: FakeDialer | null = null;
  afterAll(async () => {
    await fake?.close();
    await server?.kill();
  });

  it('every event lands once: none lost while it was down, none doubled by the resends', { timeout: 150_000 }, async () => {
    const dataDir = tempDataDir('connector-kill');
    const port = await freePort();
    server = await startServerProcess({ dataDir, port });
    // 150 copies: 1,350 dials in the hour (a 60-seat floor), 11,700 AMI messages, 4,050 FloorPulse events.
    const copies = 150;
    const messages = amiFloorScript(copies, Math.floor(Date.now() / 1000), 2400);
    fake = await fakeAmiServer({ messages, user: 'floorpulse', secret: 's3cret', ratePerSecond: 2500 });
    const connector = startConnector(
      {
        dialer: 'asterisk',
        host: '127.0.0.1',
        port: fake.port,
        user: 'floorpulse',
        secret: 's3cret',
        url: server.url,
        token: BENCH_TOKENS.ingest,
        mapping: FLOOR_MAPPING,
        sourceId: 'pbx1',
        bufferEvents: 300,
        spoolDir: tempDataDir('connector-spool'),
        spoolEvents: 100_000,
        trunks: [],
        sendPhones: false,
        cdr: true,
        amd: false,
        batchMax: 100,
      },
      {
        scheduler: asyncScheduler,
        log: pino({ level: 'silent' }),
        backoff: () => new Backoff({ baseMs: 50, maxMs: 500 }),
        statsEveryMs: 0,
      },
    );

    // Kill once a share of the hour is stored and the replay is in full flow.
    const deadline = Date.now() + 30_000;
    while (connector.stats.accepted < 600 && Date.now() < deadline) await sleep(20);
    expect(connector.stats.accepted).toBeGreaterThanOrEqual(600);
    await server.kill();
    const acceptedAtKill = connector.stats.accepted;
    await sleep(2500);
    server = await startServerProcess({ dataDir, port });
    await fake.done;
    await sleep(2500); // the recorded calls' ends wait up to 2 s for a Cdr
    await connector.drained();
    const lost = await connector.stop();
    expect(lost).toBe(0);
    // Not a vacuous pass: it was down long enough to fill memory and spill to disk, and it retried.
    expect(acceptedAtKill).toBeLessThan(AMI_FLOOR_PER_COPY.dialed * copies * 3);
    expect(connector.stats.spooled).toBeGreaterThan(0);
    expect(connector.stats.retries).toBeGreaterThan(0);
    expect(connector.stats).toMatchObject({ dropped: 0, rejected: 0 });
    expect(await server.stop()).toBe(0);
    server = null;

    // FloorPulse is gone: this process may open its data directory (chDB: one per process).
    const store = await openStore(loadConfig({ DATA_DIR: dataDir }), STORE_DEPS);
    try {
      const rs = await store.client.query({
        query: 'SELECT type, count() AS n, uniqExact(id) AS ids FROM call_events WHERE NOT derived GROUP BY type ORDER BY type',
        format: 'JSONEachRow',
      });
      const rows = await rs.json<{ type: string; n: string; ids: string }>();
      const n = AMI_FLOOR_PER_COPY;
      expect(Object.fromEntries(rows.map((r) => [r.type, Number(r.n)]))).toEqual({
        'agent.state': n.agentStates * copies,
        'call.answered': n.answered * copies,
        'call.dialed': n.dialed * copies,
        'call.ended': (n.ended + n.unanswered) * copies,
        'call.outcome': n.outcomes * copies,
      });
      for (const r of rows) expect(Number(r.ids)).toBe(Number(r.n));
    } finally {
      await store.close();
    }
  });
});
