import type { ClickHouseClient } from '@clickhouse/client';
import { startOfLocalDay, startOfNextLocalDay } from '../pipeline/time/local-day.js';
import { contributionOf, scopesFor, type Thresholds } from '../pipeline/windows/contribution.js';
import type { WindowStore } from '../pipeline/windows/window-store.js';
import { eventsInStoreOrder, groupCountsBetween, violationFlagsBetween } from './events-repo.js';

/** Events may be dated this far ahead of the server's clock (ingest allows 5 minutes). */
const AHEAD_MS = 10 * 60_000;

/**
 * The live windows as they were before a restart, from ClickHouse. Today before the sliding hour only
 * counts as a whole day, so it is summed in ClickHouse per (team, agent, channel) — one row per agent,
 * not every event since midnight (a big floor's afternoon restart replayed tens of millions) — with the
 * violation flags read one by one for their distinct calls. The sliding hour (and anything dated ahead)
 * is replayed event by event into its 10 s buckets, as live ingest would have put it.
 */
export async function rebuildWindows(o: {
  client: ClickHouseClient;
  windows: WindowStore;
  thresholds: Thresholds;
  zone: string;
  now: number;
}): Promise<{ groups: number; replayed: number }> {
  const { client, windows, thresholds, zone, now } = o;
  const fineFrom = windows.fineFrom(now);
  let groups = 0;
  for (let from = Math.min(startOfLocalDay(now, zone), fineFrom); from < fineFrom; ) {
    const day = startOfLocalDay(from, zone);
    const to = Math.min(fineFrom, startOfNextLocalDay(day, zone));
    for (const g of await groupCountsBetween(client, { fromMs: from, toMs: to, ...thresholds })) {
      windows.addDayCounts(scopesFor(g.teamId, g.agentId, g.channel), day, g.counts);
      groups++;
    }
    const flags = await violationFlagsBetween(client, from, to);
    windows.add(
      flags.map((e) => ({ ...contributionOf(e, thresholds), delta: null })),
      now,
    );
    from = to;
  }
  let replayed = 0;
  for await (const page of eventsInStoreOrder(client, fineFrom, now + AHEAD_MS)) {
    windows.add(
      page.map((e) => contributionOf(e, thresholds)),
      now,
    );
    replayed += page.length;
  }
  return { groups, replayed };
}
