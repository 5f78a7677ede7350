import { asyncScheduler, type SchedulerAction, type SchedulerLike, type Subscription } from 'rxjs';

/** A scheduler whose clock the test sets, while timers still run in real time (for the real server). */
export function testClock(start: number): SchedulerLike & { set(ms: number): void; advance(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay?: number, state?: T): Subscription {
      return asyncScheduler.schedule(work, delay, state);
    },
    set(ms: number) {
      now = ms;
    },
    advance(ms: number) {
      now += ms;
    },
  };
}
