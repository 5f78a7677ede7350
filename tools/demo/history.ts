import type { Channel } from '@floorpulse/shared';
import { pino } from 'pino';
import { asyncScheduler, type SchedulerLike } from 'rxjs';
import { loadSecrets } from '../../server/src/auth/tokens.js';
import { createCompliance } from '../../server/src/compliance/compliance-stage.js';
import { loadConfig } from '../../server/src/config/config.js';
import { createIngest } from '../../server/src/ingest/create-ingest.js';
import { openStore } from '../../server/src/storage/clickhouse.js';
import { migrate } from '../../server/src/storage/migrate.js';
import { type FloorSpec, generateFloor } from '../simulator/generate.js';

const DAY = 86_400_000;
/** Deliveries per ingest call: large enough that the insert, not the round trip, is the cost. */
const BATCH = 10_000;

export interface HistoryResult {
  events: number;
  rejected: number;
  ms: number;
}

/**
 * Weeks of the demo floor, written before the server starts, so week-over-week, 30 days and the
 * backtest have something to show. The events go through the server's own ingest path (validation,
 * phone hashing, dedupe, derived compliance flags: server/src/ingest/create-ingest.ts) with a clock
 * that follows the deliveries, as if they had arrived live; only HTTP and the live pipeline are
 * skipped, which is why no alert or celebration fires for last month. At the industry's volume
 * (speed 1), not the live demo's, so the history is what a real floor of this size would hold.
 */
export async function backfillHistory(o: {
  env: NodeJS.ProcessEnv;
  spec: Omit<FloorSpec, 'start' | 'speed'>;
  days: number;
  /** Where the history ends (the live demo day's backfill starts here). */
  until: number;
}): Promise<HistoryResult> {
  const started = Date.now();
  let now = o.until - o.days * DAY;
  // The deliveries' clock: `now` is the send time of the batch being ingested.
  const clock: SchedulerLike = { now: () => now, schedule: asyncScheduler.schedule.bind(asyncScheduler) };
  const config = loadConfig(o.env);
  const store = await openStore(config, { scheduler: asyncScheduler, log: pino({ level: 'warn' }, process.stderr) });
  try {
    await migrate(store.client, config.RETENTION_DAYS, now, config.APP_ROOT);
    const channels = new Map<string, Channel>();
    const { ingest } = await createIngest({
      config,
      store,
      secrets: loadSecrets(config),
      scheduler: clock,
      // The demo roster comes later (over HTTP, once the server runs); its teams keep the floor zone anyway.
      deriveFlags: createCompliance(config, clock, () => undefined).deriveFlags,
      agents: { channelOf: (a) => channels.get(a), noteDial: (a, c) => void channels.set(a, c) },
      maxBatch: BATCH * 2,
    });
    let events = 0;
    let rejected = 0;
    let batch: unknown[] = [];
    // Two batches in flight: the next one is validated and hashed here while ClickHouse writes the last.
    const inFlight: Promise<void>[] = [];
    const flush = async () => {
      const items = batch.map((value) => ({ ok: true as const, value }));
      batch = [];
      inFlight.push(
        ingest.ingest(items).then((r) => {
          if (r.refused) throw new Error(`ClickHouse refused the demo history: ${r.refused}`);
          events += r.accepted;
          rejected += r.rejected.length;
        }),
      );
      if (inFlight.length >= 2) await inFlight.shift();
    };
    for (const d of generateFloor({ ...o.spec, start: now, speed: 1 })) {
      if (d.at >= o.until) break;
      batch.push(d.event);
      if (batch.length >= BATCH) {
        now = d.at;
        await flush();
      }
    }
    now = o.until;
    if (batch.length > 0) await flush();
    await Promise.all(inFlight);
    return { events, rejected, ms: Date.now() - started };
  } finally {
    await store.close();
  }
}
