import type { SchedulerLike } from 'rxjs';
import type { ConnectorStats } from '../core/connector-stats.js';
import type { Logger } from '../core/logger.js';
import { wait } from '../core/wait.js';
import { Backoff } from './backoff.js';
import type { DeliveryQueue } from './delivery-queue.js';
import type { IngestClient } from './ingest-client.js';

/**
 * Sends the queue's oldest events to FloorPulse, one batch at a time, until it is empty; retries a batch
 * that was not stored with jittered backoff for as long as it takes (the queue, not the sender, bounds
 * what is kept). One loop: a batch is never in flight twice.
 */
export class Sender {
  private running: Promise<void> | null = null;
  private readonly abort = new AbortController();
  private readonly backoff: Backoff;
  private batchMax: number;
  private failingSince: number | null = null;

  constructor(
    private readonly o: {
      queue: DeliveryQueue;
      client: IngestClient;
      scheduler: SchedulerLike;
      stats: ConnectorStats;
      log: Logger;
      /** 500 events a POST: a few hundred KiB, well under the ingest body limit, one group commit. */
      batchMax?: number;
      backoff?: Backoff;
    },
  ) {
    this.backoff = o.backoff ?? new Backoff();
    this.batchMax = o.batchMax ?? 500;
  }

  /** Something was queued: make sure the loop runs. */
  kick(): void {
    if (!this.running && !this.abort.signal.aborted) this.running = this.loop().finally(() => (this.running = null));
  }

  /** Resolves once everything queued so far is acknowledged (or the sender is stopped). */
  async drained(): Promise<void> {
    while (this.o.queue.size > 0 && !this.abort.signal.aborted) {
      this.kick();
      await this.running;
    }
  }

  stop(): Promise<void> {
    this.abort.abort();
    return this.running ?? Promise.resolve();
  }

  private async loop(): Promise<void> {
    while (this.o.queue.size > 0 && !this.abort.signal.aborted) {
      const batch = this.o.queue.peek(this.batchMax);
      if (batch.length === 0) return;
      const res = await this.o.client.post(batch);
      if (this.abort.signal.aborted && res.kind !== 'stored') return;
      switch (res.kind) {
        case 'stored':
          this.o.queue.ack(batch.length);
          this.o.stats.accepted += res.accepted;
          this.o.stats.duplicates += res.duplicates;
          this.o.stats.rejected += res.rejected.length;
          for (const r of res.rejected.slice(0, 5))
            this.o.log.warn({ error: r.error, event: safeId(batch[r.index]) }, 'FloorPulse refused an event');
          this.recovered();
          break;
        case 'too-large':
          this.batchMax = Math.max(1, Math.floor(batch.length / 2));
          break;
        case 'refused':
          this.o.queue.ack(batch.length);
          this.o.stats.rejected += batch.length;
          this.o.log.error({ status: res.status, error: res.error, events: batch.length }, 'FloorPulse refused a batch: not retried');
          break;
        case 'retry': {
          this.o.stats.retries++;
          const delay = this.backoff.next();
          if (this.failingSince === null) this.failingSince = this.o.scheduler.now();
          // The first failure, then every 10th: an outage is visible without a line per attempt.
          if (this.backoff.attempts % 10 === 1) {
            this.o.log[res.auth ? 'error' : 'warn'](
              { status: res.status, error: res.error, waiting: this.o.queue.size, retryInMs: delay },
              res.auth ? 'FloorPulse refused the ingest token: check --token' : 'FloorPulse unreachable: buffering, will retry',
            );
          }
          await wait(this.o.scheduler, delay, this.abort.signal);
        }
      }
    }
  }

  private recovered(): void {
    if (this.failingSince !== null)
      this.o.log.info({ downForMs: this.o.scheduler.now() - this.failingSince, waiting: this.o.queue.size }, 'FloorPulse reachable again');
    this.failingSince = null;
    this.backoff.reset();
  }
}

/** The id of the refused event for the log: never the whole line (a phone number may be in it). */
function safeId(line: string | undefined): string | undefined {
  try {
    return line ? String((JSON.parse(line) as { id?: unknown }).id) : undefined;
  } catch {
    return undefined;
  }
}
