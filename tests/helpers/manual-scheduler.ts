import { type SchedulerAction, type SchedulerLike, Subscription } from 'rxjs';

/**
 * A scheduler on a clock the test moves: `advance(ms)` runs, in time order, every action that falls due.
 * For the connectors' waits (backoff, a CDR that may still come, an AMD result) without real time.
 */
export class ManualScheduler implements SchedulerLike {
  private queue: { at: number; seq: number; run: () => void; sub: Subscription }[] = [];
  private seq = 0;

  constructor(private time: number) {}

  now(): number {
    return this.time;
  }

  schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay = 0, state?: T): Subscription {
    const sub = new Subscription(() => {
      this.queue = this.queue.filter((q) => q.sub !== sub);
    });
    const action = { schedule: () => sub, unsubscribe: () => sub.unsubscribe(), closed: false } as unknown as SchedulerAction<T>;
    this.queue.push({ at: this.time + delay, seq: this.seq++, run: () => work.call(action, state), sub });
    return sub;
  }

  set(ms: number): void {
    this.time = ms;
  }

  advance(ms: number): void {
    const until = this.time + ms;
    for (;;) {
      this.queue.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.queue[0];
      if (!next || next.at > until) break;
      this.queue.shift();
      this.time = Math.max(this.time, next.at);
      next.run();
    }
    this.time = until;
  }

  pending(): number {
    return this.queue.length;
  }
}
