import type { ClickHouseClient } from '@clickhouse/client';
import type { Celebration } from '@floorpulse/shared';
import type { SchedulerLike, Subject } from 'rxjs';
import type { Claims } from '../cluster/claims.js';
import { celebrationIdsSince, insertCelebration } from './celebrations-repo.js';

/** Ids of the last days in memory: daily triggers (achievement, milestone, streak) and sales of today and yesterday. */
const KEEP_MS = 3 * 24 * 3_600_000;

/**
 * Exactly-once celebrations (docs/rules.md, "Celebrations — exactly once"): an id is fired only if
 * it was never fired before — in this process or, through the `celebrations` table, before a
 * restart. Written first, then published.
 */
export class CelebrationLedger {
  private readonly fired = new Set<string>();
  private queue: Promise<unknown> = Promise.resolve();

  /** Several processes: only the one that claims `celebration:<id>` stores and publishes it (the Redis adapter shows it on every screen). */
  constructor(
    private readonly o: {
      client: ClickHouseClient;
      scheduler: SchedulerLike;
      celebrations$: Subject<Celebration>;
      claims?: Claims | undefined;
    },
  ) {}

  async load(): Promise<void> {
    for (const id of await celebrationIdsSince(this.o.client, this.o.scheduler.now() - KEEP_MS)) this.fired.add(id);
  }

  /** Fires once per id; false when it was fired before. */
  fire(c: Celebration, ruleId: string): Promise<boolean> {
    const run = this.queue.then(async () => {
      if (this.fired.has(c.id)) return false;
      const key = `celebration:${c.id}`;
      if (this.o.claims && !(await this.o.claims.claim(key))) {
        this.fired.add(c.id); // another process fired it
        return false;
      }
      await insertCelebration(this.o.client, c, ruleId).catch(async (err: unknown) => {
        await this.o.claims?.release(key);
        throw err;
      });
      this.fired.add(c.id);
      this.o.celebrations$.next(c);
      return true;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}
