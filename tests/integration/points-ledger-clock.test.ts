import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PointsLedger } from '../../server/src/points/points-ledger.js';
import type { LedgerRow } from '../../server/src/points/points-repo.js';
import type { Store } from '../../server/src/storage/clickhouse.js';
import { testClock } from '../helpers/clock.js';
import { openSchemaStore } from '../helpers/server.js';

/**
 * The ledger writes at most once a second. A clock stepped back (NTP, a test's clock) after an insert
 * must not hold the next awards for as long as it went back: they are written within that second.
 */
describe('the points ledger on a clock stepped back', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openSchemaStore('points-ledger-clock');
  });
  afterAll(async () => store.close());

  const row = (id: string, at: number): LedgerRow => ({ id, at, agentId: 'n1', teamId: 'north', rule: 'sale', points: 20, ref: id });

  it('writes the awards after a step back of ten minutes within a second, not ten minutes later', async () => {
    const start = Date.parse('2026-11-20T07:00:00Z');
    const clock = testClock(start);
    const ledger = new PointsLedger({ client: store.client, scheduler: clock, zone: 'Asia/Shanghai' });
    await ledger.award([row('sale:n1:c1', start)]);
    clock.set(start - 10 * 60_000);
    const t0 = Date.now();
    const written = await ledger.award([row('sale:n1:c2', start - 10 * 60_000)]);
    expect(written.map((r) => r.id)).toEqual(['sale:n1:c2']);
    expect(Date.now() - t0).toBeLessThan(5000);
    const rs = await store.client.query({ query: 'SELECT id FROM points_ledger FINAL ORDER BY id', format: 'JSONEachRow' });
    expect(((await rs.json()) as { id: string }[]).map((r) => r.id)).toEqual(['sale:n1:c1', 'sale:n1:c2']);
  });
});
