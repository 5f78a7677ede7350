import type { ChildProcess } from 'node:child_process';
import type { Celebration, StoredEvent } from '@floorpulse/shared';
import { pino } from 'pino';
import { createClient, type RedisClientType } from 'redis';
import { Subject } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CelebrationLedger } from '../../server/src/celebrations/celebration-ledger.js';
import { redisClaims } from '../../server/src/cluster/claims.js';
import { CLOSE_GRACE_MS, ContestsService } from '../../server/src/contests/contests-service.js';
import type { Store } from '../../server/src/storage/clickhouse.js';
import { insertEvents } from '../../server/src/storage/events-repo.js';
import { testClock } from '../helpers/clock.js';
import { startRedis, stopChild } from '../helpers/processes.js';
import { openSchemaStore } from '../helpers/server.js';

const FROM = Date.parse('2026-11-20T06:00:00Z');
const TO = FROM + 30 * 60_000;
const log = pino({ level: 'silent' });
const names = { nameOf: (id: string) => id, teamNameOf: (id: string) => id };

/**
 * Two processes on one ClickHouse, as production runs them with REDIS_URL: each counts every stored batch
 * (the cluster bus gives both all of them) and both see the window close; real Redis claims make the
 * winner's celebration happen once, and both keep the same result from SQL.
 */
describe('contests across processes', () => {
  const clock = testClock(FROM - 60_000);
  let store: Store;
  let redis: ChildProcess | undefined;
  const clients: RedisClientType[] = [];

  const processOf = async (node: string) => {
    const client = createClient({ url: redisUrl }) as RedisClientType;
    await client.connect();
    clients.push(client);
    const celebrations$ = new Subject<Celebration>();
    const fired: Celebration[] = [];
    celebrations$.subscribe((c) => fired.push(c));
    const ledger = new CelebrationLedger({ client: store.client, scheduler: clock, celebrations$, claims: redisClaims(client, node, log) });
    const service = new ContestsService({
      client: store.client,
      scheduler: clock,
      thresholds: { earlyHangupSeconds: 30, effectiveSeconds: 60 },
      agents: names,
      ledger,
      maskText: (t: string) => t,
      log,
    });
    await Promise.all([ledger.load(), service.load()]);
    return { service, fired };
  };
  let redisUrl = '';

  beforeAll(async () => {
    const r = await startRedis();
    redis = r.proc;
    redisUrl = r.url;
    store = await openSchemaStore('contests-cluster');
  });
  afterAll(async () => {
    await Promise.allSettled(clients.map((c) => c.quit()));
    await store?.close();
    await stopChild(redis);
  });

  it('a contest started on A is counted and decided on both, celebrated once, and a third process started later does not again', async () => {
    const a = await processOf('a');
    const b = await processOf('b');
    const board = await a.service.create(
      {
        name: 'Cluster race',
        kind: 'teams',
        metric: 'sales',
        from: new Date(FROM).toISOString(),
        to: new Date(TO).toISOString(),
        participants: ['team:north', 'team:south'],
      },
      'admin',
    );
    await b.service.refresh();
    expect(b.service.get(board.contest.id)?.name).toBe('Cluster race');

    const sale = (id: string, teamId: string, ts: number): StoredEvent => ({
      id,
      type: 'call.outcome',
      ts,
      teamId,
      agentId: `${teamId}-1`,
      callId: `c-${id}`,
      channel: 'human',
      outcome: 'sale',
    });
    const batch = [sale('x1', 'north', FROM + 1000), sale('x2', 'north', FROM + 2000), sale('x3', 'south', FROM + 3000)];
    clock.set(FROM + 5 * 60_000);
    await insertEvents(store.client, batch, clock.now());
    for (const p of [a, b]) p.service.noteStored(batch);
    for (const p of [a, b])
      expect(p.service.list()[0]!.standings).toEqual([
        { participant: 'team:north', value: 2 },
        { participant: 'team:south', value: 1 },
      ]);

    clock.set(TO + CLOSE_GRACE_MS);
    a.service.tick();
    b.service.tick();
    await Promise.all([a.service.settled(), b.service.settled()]);
    const results = [a, b].map((p) => p.service.list()[0]!.result);
    expect(results[0]?.winners).toEqual(['team:north']);
    expect(results[1]?.winners).toEqual(['team:north']);
    expect(results[1]?.standings).toEqual(results[0]?.standings);
    expect([...a.fired, ...b.fired].map((c) => c.id)).toEqual([`contest:${board.contest.id}`]);

    const c = await processOf('c');
    c.service.tick();
    await c.service.settled();
    expect(c.fired).toEqual([]);
    expect(c.service.list()[0]!.status).toBe('decided');
    const rs = await store.client.query({
      query: 'SELECT count() AS n FROM celebrations WHERE id = {id:String}',
      query_params: { id: `contest:${board.contest.id}` },
      format: 'JSONEachRow',
    });
    expect(Number((await rs.json<{ n: number }>())[0]!.n)).toBe(1);
  });
});
