import type { ClickHouseClient } from '@clickhouse/client';
import type { MyPoints } from '@floorpulse/shared';
import type { SchedulerLike, Subscription } from 'rxjs';
import { startOfLocalDay, startOfNextLocalDay } from '../pipeline/time/local-day.js';
import { awardsSince, insertAwards, type LedgerRow, toAward } from './points-repo.js';

/**
 * Ids of the last 3 days in memory, as the celebrations ledger keeps (celebrations/celebration-ledger.ts): a
 * resent event arrives within hours; older ones that come again are written again and collapse under FINAL.
 */
const KEEP_MS = 3 * 24 * 3_600_000;
/**
 * Ids held at most: a thousand people earn ~35k awards a day, a bench floor of 16k ev/s 1.7k a second. Past
 * it the oldest go first; one forgotten and awarded again is a second row of the same id, which FINAL collapses.
 */
const MAX_IDS = 2_000_000;
/**
 * 1 s between inserts at most: a chDB insert costs ~25 ms of CPU whatever its size (BENCHMARKS.md, "Group
 * commit"), and an insert per stored batch (6–7 a second at full ingest) cost the bench 10% of its throughput.
 * A screen shows a point a second late at worst; a quiet floor's first award is written at once.
 */
export const LEDGER_FLUSH_MS = 1000;
/** /me lists today's last 10 awards: a phone's screen, not a statement. */
const RECENT = 10;

interface Waiting {
  rows: readonly LedgerRow[];
  resolve(awarded: LedgerRow[]): void;
  reject(err: unknown): void;
}

interface Tally {
  dayStart: number;
  total: number;
  recent: LedgerRow[];
}

/**
 * Exactly-once points (docs/metrics.md, "Points"): an award id is written only if it was never written
 * before, in this process or (the `points_ledger` rows of the last days, read at start) before a restart.
 * Written first, then counted: a failed insert awards nothing, and the next batch does not retry it.
 * Keeps each agent's total of today (the floor's day) for the wall's board and /me, read without a query.
 * One insert at a time: what arrives while one is in flight goes into the next, so a busy floor makes few
 * big inserts (ingest flushes every 20 ms; an insert per flush doubled ClickHouse's inserts) and a quiet
 * one awards at once.
 */
export class PointsLedger {
  private readonly seen = new Map<string, number>();
  private readonly tallies = new Map<string, Tally>();
  private readonly waiting: Waiting[] = [];
  /** The insert in flight, if any. */
  private current: Promise<void> | null = null;
  private lastInsertAt = -Infinity;
  private timer: Subscription | null = null;
  private prunedAt = -Infinity;

  constructor(private readonly o: { client: ClickHouseClient; scheduler: SchedulerLike; zone: string }) {}

  async load(): Promise<void> {
    const now = this.o.scheduler.now();
    const today = this.today(now);
    for (const r of await awardsSince(this.o.client, now - KEEP_MS)) {
      this.seen.set(r.id, r.at);
      this.count(r, today);
    }
  }

  /** Writes the awards not made before and resolves with them, in the order asked; each id once. */
  award(rows: readonly LedgerRow[]): Promise<LedgerRow[]> {
    if (rows.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.waiting.push({ rows, resolve, reject });
      this.kick();
    });
  }

  /** Writes what is waiting now (a shutdown, after ingest's last batch): nothing awarded is left behind. */
  async flush(): Promise<void> {
    this.cancelTimer();
    await this.current;
    while (this.waiting.length > 0) await this.drain();
    this.cancelTimer(); // one the last insert's end set: nothing is left for it
  }

  private cancelTimer(): void {
    this.timer?.unsubscribe();
    this.timer = null;
  }

  /** At once when the last insert is a second old; else when it will be (one insert a second at most). */
  private kick(): void {
    if (this.current || this.timer || this.waiting.length === 0) return;
    // At most a second: a clock stepped back (NTP, a test's clock) must not hold awards for as long as it went back.
    const wait = Math.min(LEDGER_FLUSH_MS, this.lastInsertAt + LEDGER_FLUSH_MS - this.o.scheduler.now());
    if (wait <= 0) {
      void this.drain();
      return;
    }
    this.timer = this.o.scheduler.schedule(() => {
      this.timer = null;
      void this.drain();
    }, wait);
  }

  /** One insert of everything waiting; what arrives meanwhile waits for the next. */
  private drain(): Promise<void> {
    if (this.current) return this.current;
    const batch = this.waiting.splice(0);
    const fresh = new Map<string, LedgerRow>();
    const mine = batch.map((w) => {
      const out: LedgerRow[] = [];
      for (const r of w.rows) {
        if (this.seen.has(r.id) || fresh.has(r.id)) continue;
        fresh.set(r.id, r);
        out.push(r);
      }
      return out;
    });
    this.lastInsertAt = this.o.scheduler.now();
    this.current = insertAwards(this.o.client, [...fresh.values()])
      .then(
        () => {
          const now = this.o.scheduler.now();
          const today = this.today(now);
          for (const r of fresh.values()) {
            this.seen.set(r.id, r.at);
            this.count(r, today);
          }
          this.prune(now);
          for (const [i, w] of batch.entries()) w.resolve(mine[i]!);
        },
        (err: unknown) => {
          for (const w of batch) w.reject(err);
        },
      )
      .finally(() => {
        this.current = null;
        this.kick();
      });
    return this.current;
  }

  /** Whether an id was awarded (in memory: the last 3 days). */
  has(id: string): boolean {
    return this.seen.has(id);
  }

  /** Today's total of an agent: 0 for one who earned nothing yet today (a real 0: the ledger is complete for today). */
  todayTotal(agentId: string, now: number): number {
    const t = this.tallies.get(agentId);
    return t && t.dayStart === startOfLocalDay(now, this.o.zone) ? t.total : 0;
  }

  mine(agentId: string, now: number): MyPoints {
    const dayStart = startOfLocalDay(now, this.o.zone);
    const t = this.tallies.get(agentId);
    const today = t?.dayStart === dayStart ? t : null;
    return {
      from: new Date(dayStart).toISOString(),
      to: new Date(startOfNextLocalDay(dayStart, this.o.zone)).toISOString(),
      today: today?.total ?? 0,
      recent: (today?.recent ?? []).map(toAward),
    };
  }

  /** Today's [start, end) in the floor's zone, once per write: the end is three Intl passes, too many per award. */
  private today(now: number): { dayStart: number; dayEnd: number } {
    const dayStart = startOfLocalDay(now, this.o.zone);
    return { dayStart, dayEnd: startOfNextLocalDay(dayStart, this.o.zone) };
  }

  private count(r: LedgerRow, { dayStart, dayEnd }: { dayStart: number; dayEnd: number }): void {
    if (r.at < dayStart || r.at >= dayEnd) return; // not today's: in the ledger, not in today's tally
    let t = this.tallies.get(r.agentId);
    if (!t || t.dayStart !== dayStart) {
      t = { dayStart, total: 0, recent: [] };
      this.tallies.set(r.agentId, t);
    }
    t.total += r.points;
    t.recent.push(r);
    t.recent.sort((a, b) => b.at - a.at || a.id.localeCompare(b.id));
    if (t.recent.length > RECENT) t.recent.length = RECENT;
  }

  private prune(now: number): void {
    // Pruning walks the map: once a minute at most, and only when it is big enough to matter.
    if (this.seen.size < 200_000 || now - this.prunedAt < 60_000) return;
    this.prunedAt = now;
    for (const [id, at] of this.seen) if (at < now - KEEP_MS) this.seen.delete(id);
    // A Map iterates in insertion order: the first are the oldest written.
    for (const id of this.seen.keys()) {
      if (this.seen.size <= MAX_IDS) break;
      this.seen.delete(id);
    }
  }
}
