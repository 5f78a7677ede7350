import { Observable, type OperatorFunction, type SchedulerLike, type Subscription } from 'rxjs';

export interface CoalesceOptions<T> {
  /** At most one emission per this many ms (250 ms for rates: docs/realtime.md, `rates:update`). */
  periodMs: number;
  scheduler: SchedulerLike;
  /** Folds a value that arrives during a quiet period into the pending one; default keeps the latest. */
  merge?: (pending: T, next: T) => T;
}

/**
 * Rate-limits a stream of "something changed" signals without losing the last one.
 *
 * - A value that arrives while idle is emitted at once (a lone sale reaches the wall without delay),
 *   and a quiet period of `periodMs` starts.
 * - Values during the quiet period are merged into one pending value, emitted when the period ends,
 *   which starts the next period. So never two emissions closer than `periodMs`, and the last value
 *   of a burst always comes out.
 * - On completion a pending value is emitted first (it is the newest truth), then completion.
 * - On error the pending value is dropped and the error passes through at once.
 * - Unsubscribing cancels the pending timer.
 */
export function coalesce<T>({ periodMs, scheduler, merge = (_p, next) => next }: CoalesceOptions<T>): OperatorFunction<T, T> {
  return (source) =>
    new Observable<T>((subscriber) => {
      let pending: { value: T } | null = null;
      let timer: Subscription | null = null;

      const startQuiet = (): void => {
        timer = scheduler.schedule(() => {
          timer = null;
          if (pending) {
            const { value } = pending;
            pending = null;
            subscriber.next(value);
            startQuiet();
          }
        }, periodMs);
      };

      const sub = source.subscribe({
        next: (value) => {
          if (timer) {
            pending = pending ? { value: merge(pending.value, value) } : { value };
            return;
          }
          subscriber.next(value);
          startQuiet();
        },
        error: (err) => {
          pending = null;
          subscriber.error(err);
        },
        complete: () => {
          if (pending) subscriber.next(pending.value);
          pending = null;
          subscriber.complete();
        },
      });
      return () => {
        sub.unsubscribe();
        timer?.unsubscribe();
      };
    });
}
