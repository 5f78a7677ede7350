import type { SchedulerLike, Subscription } from 'rxjs';

export interface GroupCommitOptions<T> {
  /** Writes one batch; rejects if nothing could be written. */
  write: (batch: T[]) => Promise<void>;
  /** Wait at most this long for more requests to join a batch. */
  flushMs: number;
  /** Flush at once when this many items are waiting. */
  maxBatch: number;
  scheduler: SchedulerLike;
}

/**
 * Group commit: concurrent requests share one insert. `submit` resolves when its items are written
 * (or rejects with the write's error). One write at a time, so batches land in submission order.
 */
export class GroupCommit<T> {
  private pending: { items: T[]; waiters: { resolve: () => void; reject: (e: unknown) => void }[] } = { items: [], waiters: [] };
  private timer: Subscription | null = null;
  private writing: Promise<void> = Promise.resolve();
  private inFlight = 0;
  /** Inserts made so far: concurrent requests should share them (exposed for metrics). */
  writes = 0;

  constructor(private readonly options: GroupCommitOptions<T>) {}

  submit(items: T[]): Promise<void> {
    if (items.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.pending.items.push(...items);
      this.pending.waiters.push({ resolve, reject });
      if (this.pending.items.length >= this.options.maxBatch) this.flush();
      else if (!this.timer) this.timer = this.options.scheduler.schedule(() => this.flush(), this.options.flushMs);
    });
  }

  /** Writes whatever is waiting now; resolves when every write so far has finished. */
  flush(): Promise<void> {
    this.timer?.unsubscribe();
    this.timer = null;
    const batch = this.pending;
    this.pending = { items: [], waiters: [] };
    if (batch.items.length > 0) {
      this.inFlight += batch.items.length;
      this.writing = this.writing.then(async () => {
        try {
          this.writes++;
          await this.options.write(batch.items);
          for (const w of batch.waiters) w.resolve();
        } catch (e) {
          for (const w of batch.waiters) w.reject(e);
        } finally {
          this.inFlight -= batch.items.length;
        }
      });
    }
    return this.writing;
  }

  /** Items accepted for writing but not yet written. */
  get backlog(): number {
    return this.inFlight + this.pending.items.length;
  }
}
