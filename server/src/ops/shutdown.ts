import type { Logger } from 'pino';
import type { SchedulerLike } from 'rxjs';

export interface Closable {
  /** Stops accepting, answers what is in flight, writes every acknowledged batch. */
  close(): Promise<void>;
}

/**
 * Graceful shutdown, once, whatever the number of signals: the app first (stop accepting, let
 * in-flight requests finish — their events are written before they are answered — flush the group
 * commit), then ClickHouse. If that takes longer than `graceMs` (a hung connection), exit 1 anyway:
 * an orchestrator's SIGKILL would come next and lose the log line that says why.
 */
export function gracefulShutdown(deps: {
  app: Closable;
  store: Closable;
  log: Logger;
  scheduler: SchedulerLike;
  graceMs: number;
  exit: (code: number) => void;
}): (signal: string) => Promise<void> {
  let stopping: Promise<void> | null = null;
  return (signal) => {
    stopping ??= (async () => {
      deps.log.info({ signal }, 'shutting down: no new requests; flushing acknowledged batches');
      const deadline = deps.scheduler.schedule(() => {
        deps.log.error({ graceMs: deps.graceMs }, 'shutdown took too long: exiting without a clean close');
        deps.exit(1);
      }, deps.graceMs);
      try {
        await deps.app.close();
        await deps.store.close();
        deps.log.info('shut down cleanly');
        deps.exit(0);
      } catch (err) {
        deps.log.error({ err }, 'shutdown failed');
        deps.exit(1);
      } finally {
        deadline.unsubscribe();
      }
    })();
    return stopping;
  };
}
