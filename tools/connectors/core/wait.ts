import type { SchedulerLike } from 'rxjs';

/**
 * A promise that resolves after `ms` on the given scheduler: the connectors wait (backoff, reconnect, a
 * CDR that may still come) only through an injected scheduler, never through setTimeout, so tests can
 * run them on their own clock. An aborted signal resolves it at once.
 */
export function wait(scheduler: SchedulerLike, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const sub = scheduler.schedule(() => done(), Math.max(0, ms));
    function done() {
      sub.unsubscribe();
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
