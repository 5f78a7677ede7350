import type { Scope, StoredEvent } from '@floorpulse/shared';
import { filter, map, type OperatorFunction, type SchedulerLike } from 'rxjs';
import { contributionOf, type Thresholds } from './contribution.js';
import type { WindowStore } from './window-store.js';

export interface WindowsChange {
  /** scheduler time of the change */
  at: number;
  /** scopes whose counts changed */
  scopes: ReadonlySet<Scope>;
}

export interface RollingWindowsOptions {
  store: WindowStore;
  thresholds: Thresholds;
  scheduler: SchedulerLike;
}

/**
 * Folds each batch of stored events into the live windows (by each event's own ts) and emits,
 * once per batch, which scopes changed. Emits nothing for a batch that changes no count.
 * Completes and errors with its source; holds no subscription of its own.
 */
export function rollingWindows({
  store,
  thresholds,
  scheduler,
}: RollingWindowsOptions): OperatorFunction<readonly StoredEvent[], WindowsChange> {
  return (source) =>
    source.pipe(
      map((events) => {
        const now = scheduler.now();
        store.evict(now);
        const scopes = store.add(
          events.map((e) => contributionOf(e, thresholds)),
          now,
        );
        return { at: now, scopes };
      }),
      filter((c) => c.scopes.size > 0),
    );
}
