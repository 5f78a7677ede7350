import { DIAL_RULES, type DialCheckTally, type DialRule } from '@floorpulse/shared';
import type { SchedulerLike, Subscription } from 'rxjs';

/**
 * 5 s between inserts: a chDB insert costs ~25 ms of CPU whatever its size (BENCHMARKS.md, "Group commit"),
 * so 0.5% of a core at most, and the stored counts trail the checks by 5 s, which nobody reading a day's
 * count can see (the answer adds what is pending anyway). A crash loses at most these 5 s of counts:
 * counts of questions, not events; every dial made is in call_events whatever happens here.
 */
export const CHECK_COUNTS_FLUSH_MS = 5000;
const MINUTE_MS = 60_000;
const noop = (): void => {};

/** One row of dial_check_counts (0020_dial_checks.sql): reason '' is the check itself, a rule is one of its reasons. */
export interface CheckCountRow {
  /** Start of the minute, epoch ms UTC. */
  minute: number;
  teamId: string;
  result: 'allowed' | 'refused';
  reason: DialRule | '';
  checks: number;
}

/** A minute × team's counts, mutated in place on the hot path: no string key, no allocation but the first. */
interface Cell {
  allowed: number;
  refused: number;
  outside_hours: number;
  frequency_cap: number;
  no_consent: number;
}
type Cells = Map<number, Map<string, Cell>>;

export interface CheckCountsDeps {
  scheduler: SchedulerLike;
  /** One insert of every row (check-counts-repo.ts); a rejection keeps them for the next flush. */
  write: (rows: readonly CheckCountRow[]) => Promise<void>;
  onError: (err: unknown) => void;
  flushMs?: number;
}

export const emptyTally = (): DialCheckTally => ({
  checks: 0,
  allowed: 0,
  refused: 0,
  byReason: { outside_hours: 0, frequency_cap: 0, no_consent: 0 },
});

/**
 * The pre-dial checks counted in memory and written to ClickHouse every few seconds (docs/connectors.md,
 * "Pre-dial check"). `note` is all the check route pays: a few map lookups and increments. A flush moves
 * the cells out and inserts them once; a failed insert puts them back (added to what came meanwhile), so a
 * count is dropped only once ClickHouse took it. One flush at a time.
 */
export class CheckCounts {
  private cells: Cells = new Map();
  /** The cells of the insert in flight: still pending until it succeeds. */
  private flying: Cells | null = null;
  private current: Promise<void> | null = null;
  private timer: Subscription | null = null;
  /** Moves on when a flush starts and when it ends: a read that saw it move read during a flush, and reads again. */
  private epoch = 0;
  private readonly flushMs: number;

  constructor(private readonly o: CheckCountsDeps) {
    this.flushMs = o.flushMs ?? CHECK_COUNTS_FLUSH_MS;
  }

  /** A check answered: `reasons` empty is an allowed dial. `at` is when it was asked, epoch ms. */
  note(teamId: string, at: number, reasons: readonly DialRule[]): void {
    const minute = at - (((at % MINUTE_MS) + MINUTE_MS) % MINUTE_MS);
    let teams = this.cells.get(minute);
    if (!teams) {
      teams = new Map();
      this.cells.set(minute, teams);
    }
    let cell = teams.get(teamId);
    if (!cell) {
      cell = { allowed: 0, refused: 0, outside_hours: 0, frequency_cap: 0, no_consent: 0 };
      teams.set(teamId, cell);
    }
    if (reasons.length === 0) cell.allowed++;
    else {
      cell.refused++;
      for (const r of reasons) cell[r]++;
    }
    // A quiet floor has no timer; the first check after one starts it.
    if (!this.timer && !this.current) this.timer = this.o.scheduler.schedule(() => this.tick(), this.flushMs);
  }

  /** Writes everything pending now and waits for it (App.close: after the HTTP drain, before ClickHouse goes). */
  async flush(): Promise<void> {
    this.cancelTimer();
    await this.settled();
    try {
      await this.drain();
    } finally {
      this.cancelTimer(); // one a failed last insert set: nothing runs after close
    }
  }

  private cancelTimer(): void {
    this.timer?.unsubscribe();
    this.timer = null;
  }

  /** The insert in flight, done either way (its failure was reported by whoever started it). */
  private settled(): Promise<void> {
    return this.current ? this.current.then(noop, noop) : Promise.resolve();
  }

  /**
   * Runs a read of the stored counts and answers it with what is pending at that moment (not yet written), so
   * that stored + pending counts each check exactly once: a read that overlapped a flush is read again.
   */
  async read<T>(
    stored: () => Promise<T>,
    pick: { from: number; to: number; team: string },
  ): Promise<{ stored: T; pending: Map<string, DialCheckTally> }> {
    for (let tries = 0; ; tries++) {
      await this.settled();
      const epoch = this.epoch;
      const pending = this.pendingBy(pick);
      const rows = await stored();
      // A flush every 5 s and a read of milliseconds: a second overlap in a row is already unlikely.
      if (epoch === this.epoch || tries >= 4) return { stored: rows, pending };
    }
  }

  private tick(): void {
    this.timer = null;
    this.drain().catch(this.o.onError);
  }

  private drain(): Promise<void> {
    if (this.current) return this.current;
    if (this.cells.size === 0) return Promise.resolve();
    const batch = this.cells;
    this.cells = new Map();
    this.flying = batch;
    this.epoch++;
    this.current = this.o
      .write(rowsOf(batch))
      .catch((err: unknown) => {
        // Not written: back into the cells, added to what came meanwhile, for the next flush (and no longer
        // in flight, so a read never sees them twice).
        this.flying = null;
        merge(this.cells, batch);
        throw err;
      })
      .finally(() => {
        this.flying = null;
        this.current = null;
        this.epoch++;
        if (this.cells.size > 0 && !this.timer) this.timer = this.o.scheduler.schedule(() => this.tick(), this.flushMs);
      });
    return this.current;
  }

  /** Pending counts per team in [from, to) ('' team: every team): the cells and the insert in flight. */
  private pendingBy(pick: { from: number; to: number; team: string }): Map<string, DialCheckTally> {
    const out = new Map<string, DialCheckTally>();
    for (const cells of this.flying ? [this.cells, this.flying] : [this.cells])
      for (const [minute, teams] of cells) {
        if (minute < pick.from || minute >= pick.to) continue;
        for (const [teamId, c] of teams) {
          if (pick.team !== '' && teamId !== pick.team) continue;
          let t = out.get(teamId);
          if (!t) {
            t = emptyTally();
            out.set(teamId, t);
          }
          t.allowed += c.allowed;
          t.refused += c.refused;
          t.checks += c.allowed + c.refused;
          for (const r of DIAL_RULES) t.byReason[r] += c[r];
        }
      }
    return out;
  }
}

function rowsOf(cells: Cells): CheckCountRow[] {
  const rows: CheckCountRow[] = [];
  for (const [minute, teams] of cells)
    for (const [teamId, c] of teams) {
      if (c.allowed > 0) rows.push({ minute, teamId, result: 'allowed', reason: '', checks: c.allowed });
      if (c.refused > 0) rows.push({ minute, teamId, result: 'refused', reason: '', checks: c.refused });
      for (const r of DIAL_RULES) if (c[r] > 0) rows.push({ minute, teamId, result: 'refused', reason: r, checks: c[r] });
    }
  return rows;
}

function merge(into: Cells, from: Cells): void {
  for (const [minute, teams] of from) {
    let mine = into.get(minute);
    if (!mine) {
      mine = new Map();
      into.set(minute, mine);
    }
    for (const [teamId, c] of teams) {
      const m = mine.get(teamId);
      if (!m) mine.set(teamId, c);
      else {
        m.allowed += c.allowed;
        m.refused += c.refused;
        for (const r of DIAL_RULES) m[r] += c[r];
      }
    }
  }
}
