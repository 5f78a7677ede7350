import type { SchedulerLike } from 'rxjs';
import { ConnectorStats } from '../core/connector-stats.js';
import type { Logger } from '../core/logger.js';
import type { OutEvent } from '../core/out-event.js';
import { wait } from '../core/wait.js';
import type { Backoff } from './backoff.js';
import { DeliveryQueue } from './delivery-queue.js';
import { DiskSpool } from './disk-spool.js';
import { IngestClient } from './ingest-client.js';
import { Sender } from './sender.js';

export interface DeliveryConfig {
  url: string;
  token: string;
  bufferEvents: number;
  spoolDir?: string;
  spoolEvents: number;
  batchMax?: number;
}

/** The half every connector shares: a bounded buffer (memory, then disk) and the sender that empties it into FloorPulse. */
export interface Delivery {
  stats: ConnectorStats;
  /** Queues events and wakes the sender. */
  emit(events: OutEvent[]): void;
  /** Whether `n` more events fit in memory and spool together (a relay says 503 instead of dropping). */
  hasRoom(n: number): boolean;
  /** Events waiting, in memory and on disk. */
  readonly waiting: number;
  drained(): Promise<void>;
  /** Sends what it can within `drainMs`, spools the rest; resolves with the number lost (no room to spool them). */
  stop(drainMs: number): Promise<number>;
}

export function startDelivery(
  config: DeliveryConfig,
  deps: { scheduler: SchedulerLike; log: Logger; backoff?: () => Backoff; stats?: ConnectorStats },
): Delivery {
  const { scheduler, log } = deps;
  const stats = deps.stats ?? new ConnectorStats();
  const spool = config.spoolDir
    ? new DiskSpool(config.spoolDir, config.spoolEvents, Math.max(1, Math.min(1000, config.bufferEvents)))
    : undefined;
  const queue = new DeliveryQueue({ memoryEvents: config.bufferEvents, ...(spool ? { spool } : {}), stats, log });
  if (queue.size > 0) log.info({ events: queue.size, spoolDir: config.spoolDir }, 'events spooled by an earlier run: sending them first');
  const sender = new Sender({
    queue,
    client: new IngestClient({ url: config.url, token: config.token, scheduler }),
    scheduler,
    stats,
    log,
    ...(config.batchMax ? { batchMax: config.batchMax } : {}),
    ...(deps.backoff ? { backoff: deps.backoff() } : {}),
  });
  sender.kick();
  return {
    stats,
    emit(events) {
      queue.push(events);
      sender.kick();
    },
    hasRoom: (n) => queue.size + n <= queue.capacity,
    get waiting() {
      return queue.size;
    },
    drained: () => sender.drained(),
    async stop(drainMs) {
      await Promise.race([sender.drained(), wait(scheduler, drainMs)]);
      await sender.stop();
      const waiting = queue.size;
      const lost = queue.close();
      if (lost > 0) log.error({ lost }, 'stopped with events not yet delivered and no room to spool them: lost');
      else if (waiting > 0)
        log.warn(
          { spooled: waiting, spoolDir: config.spoolDir },
          'stopped with events not yet delivered: kept in the spool for the next start',
        );
      return lost;
    },
  };
}
