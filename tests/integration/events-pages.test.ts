import type { StoredEvent } from '@floorpulse/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/src/config/config.js';
import { openStore, type Store } from '../../server/src/storage/clickhouse.js';
import { eventsBetween, eventsInStoreOrder, insertEvents } from '../../server/src/storage/events-repo.js';
import { migrate } from '../../server/src/storage/migrate.js';
import { clickhouseEnv } from '../helpers/clickhouse-mode.js';
import { STORE_DEPS, tempDataDir } from '../helpers/server.js';

const FROM = Date.parse('2026-11-20T06:00:00.000Z');

/** Events over three hours, three teams, five agents; several share a ts, so ids break the ties. */
const events: StoredEvent[] = Array.from({ length: 400 }, (_, i) => ({
  id: `p-${(i * 37) % 400}`,
  type: 'call.dialed',
  ts: FROM + Math.floor(((i * 7919) % 10_800) / 300) * 300_000,
  teamId: `t${i % 3}`,
  agentId: `a${i % 5}`,
  callId: `c${i}`,
  channel: 'human',
}));

async function collect(pages: AsyncGenerator<StoredEvent[]>): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let n = 0;
  for await (const page of pages) {
    n++;
    ids.push(...page.map((e) => `${e.id}@${e.ts}`));
  }
  return { ids, pages: n };
}

describe('reading events back in pages', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore(loadConfig({ DATA_DIR: tempDataDir('pages'), FLOOR_TZ: 'UTC', ...clickhouseEnv('pages') }), STORE_DEPS);
    await migrate(store.client, 400);
    // Two inserts, so the rows live in two parts as well as across hours.
    await insertEvents(store.client, events.slice(0, 150), FROM);
    await insertEvents(store.client, events.slice(150), FROM);
  });
  afterAll(() => store.close());

  const inRange = (from: number, to: number) => events.filter((e) => e.ts >= from && e.ts < to);

  it('in time order: every event once, oldest first, ids breaking ties, across page edges', async () => {
    const to = FROM + 2.5 * 3_600_000;
    const { ids, pages } = await collect(eventsBetween(store.client, FROM + 600_000, to, 7));
    const expected = inRange(FROM + 600_000, to)
      .sort((a, b) => a.ts - b.ts || (a.id < b.id ? -1 : 1))
      .map((e) => `${e.id}@${e.ts}`);
    expect(ids).toEqual(expected);
    expect(pages).toBeGreaterThan(20);
  });

  it("in the table's order: every event once, by hour, team, agent, then time", async () => {
    const to = FROM + 2.5 * 3_600_000;
    const { ids, pages } = await collect(eventsInStoreOrder(store.client, FROM + 600_000, to, 7));
    const hour = (ts: number) => Math.floor(ts / 3_600_000);
    const expected = inRange(FROM + 600_000, to)
      .sort(
        (a, b) =>
          hour(a.ts) - hour(b.ts) ||
          a.teamId.localeCompare(b.teamId) ||
          a.agentId.localeCompare(b.agentId) ||
          a.ts - b.ts ||
          (a.id < b.id ? -1 : 1),
      )
      .map((e) => `${e.id}@${e.ts}`);
    expect(ids).toEqual(expected);
    expect(pages).toBeGreaterThan(20);
  });
});
