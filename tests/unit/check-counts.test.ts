import { describe, expect, it } from 'vitest';
import { CHECK_COUNTS_FLUSH_MS, type CheckCountRow, CheckCounts } from '../../server/src/compliance/check-counts.js';
import { ManualScheduler } from '../helpers/manual-scheduler.js';

/** The pre-dial checks' counter (server/src/compliance/check-counts.ts) on a clock the test moves. */
const T0 = Date.parse('2026-12-01T06:00:00Z');
const MIN = 60_000;

/** A writer that keeps every insert it was handed, and refuses the ones the test says. */
function writer() {
  const inserts: CheckCountRow[][] = [];
  let failNext = 0;
  let release: (() => void) | null = null;
  let hold = false;
  return {
    inserts,
    failOnce: () => {
      failNext++;
    },
    holdNext: () => {
      hold = true;
    },
    releaseHeld: () => release?.(),
    write: (rows: readonly CheckCountRow[]): Promise<void> => {
      inserts.push([...rows]);
      if (failNext > 0) {
        failNext--;
        return Promise.reject(new Error('clickhouse said no'));
      }
      if (hold) {
        hold = false;
        return new Promise<void>((r) => {
          release = r;
        });
      }
      return Promise.resolve();
    },
  };
}

/** Lets the promise callbacks of a flush run (the writer answers at once). */
const settle = () => new Promise<void>((r) => setImmediate(r));
const sorted = (rows: readonly CheckCountRow[]) =>
  [...rows].sort(
    (a, b) => a.minute - b.minute || a.teamId.localeCompare(b.teamId) || (a.result + a.reason).localeCompare(b.result + b.reason),
  );

function setup() {
  const clock = new ManualScheduler(T0);
  const w = writer();
  const errors: unknown[] = [];
  const counts = new CheckCounts({ scheduler: clock, write: w.write, onError: (e) => errors.push(e) });
  return { clock, w, errors, counts };
}

describe('CheckCounts', () => {
  it('buckets by the minute the check was asked: 59.999 s is the first minute, 60 s the next', async () => {
    const { clock, w, counts } = setup();
    counts.note('north', T0, []);
    counts.note('north', T0 + MIN - 1, ['no_consent']);
    counts.note('north', T0 + MIN, []);
    clock.advance(CHECK_COUNTS_FLUSH_MS);
    await settle();
    expect(w.inserts).toHaveLength(1);
    expect(sorted(w.inserts[0]!)).toEqual([
      { minute: T0, teamId: 'north', result: 'allowed', reason: '', checks: 1 },
      { minute: T0, teamId: 'north', result: 'refused', reason: '', checks: 1 },
      { minute: T0, teamId: 'north', result: 'refused', reason: 'no_consent', checks: 1 },
      { minute: T0 + MIN, teamId: 'north', result: 'allowed', reason: '', checks: 1 },
    ]);
  });

  it('counts a check refused for two rules as one refused check and one count of each rule', async () => {
    const { clock, w, counts } = setup();
    counts.note('south', T0 + 5, ['outside_hours', 'frequency_cap']);
    counts.note('south', T0 + 6, ['frequency_cap']);
    clock.advance(CHECK_COUNTS_FLUSH_MS);
    await settle();
    expect(sorted(w.inserts[0]!)).toEqual([
      { minute: T0, teamId: 'south', result: 'refused', reason: '', checks: 2 },
      { minute: T0, teamId: 'south', result: 'refused', reason: 'frequency_cap', checks: 2 },
      { minute: T0, teamId: 'south', result: 'refused', reason: 'outside_hours', checks: 1 },
    ]);
  });

  it('makes one insert per flush, of every minute and team, and none while no check was asked', async () => {
    const { clock, w, counts } = setup();
    clock.advance(10 * CHECK_COUNTS_FLUSH_MS);
    expect(clock.pending()).toBe(0); // a quiet floor has no timer at all
    for (let i = 0; i < 500; i++) counts.note(i % 2 ? 'north' : 'south', T0 + i * 1000, []);
    clock.advance(CHECK_COUNTS_FLUSH_MS - 1);
    await settle();
    expect(w.inserts).toHaveLength(0);
    clock.advance(1);
    await settle();
    expect(w.inserts).toHaveLength(1);
    expect(w.inserts[0]!.reduce((n, r) => n + r.checks, 0)).toBe(500);
    clock.advance(10 * CHECK_COUNTS_FLUSH_MS);
    await settle();
    expect(w.inserts).toHaveLength(1);
  });

  it('keeps the rows of a failed insert and writes them once with the next flush, added to the new ones', async () => {
    const { clock, w, errors, counts } = setup();
    counts.note('north', T0, ['no_consent']);
    w.failOnce();
    clock.advance(CHECK_COUNTS_FLUSH_MS);
    await settle();
    expect(errors).toHaveLength(1);
    counts.note('north', T0 + 1000, ['no_consent']);
    clock.advance(CHECK_COUNTS_FLUSH_MS);
    await settle();
    expect(w.inserts).toHaveLength(2);
    expect(sorted(w.inserts[1]!)).toEqual([
      { minute: T0, teamId: 'north', result: 'refused', reason: '', checks: 2 },
      { minute: T0, teamId: 'north', result: 'refused', reason: 'no_consent', checks: 2 },
    ]);
    // Written: dropped, never written again.
    clock.advance(10 * CHECK_COUNTS_FLUSH_MS);
    await counts.flush();
    expect(w.inserts).toHaveLength(2);
  });

  it('flush (the app closing) writes what is pending at once, without waiting for the timer', async () => {
    const { clock, w, counts } = setup();
    counts.note('north', T0, []);
    await counts.flush();
    expect(w.inserts).toEqual([[{ minute: T0, teamId: 'north', result: 'allowed', reason: '', checks: 1 }]]);
    expect(clock.pending()).toBe(0);
  });

  it('answers a read with the counts not yet written, the insert in flight among them, each check once', async () => {
    const { clock, w, counts } = setup();
    const pick = { from: T0, to: T0 + 24 * 60 * MIN, team: '' };
    counts.note('north', T0, ['outside_hours', 'no_consent']);
    counts.note('south', T0, []);
    counts.note('north', T0 - 1, []); // yesterday's last minute: outside the day
    w.holdNext();
    clock.advance(CHECK_COUNTS_FLUSH_MS); // the insert starts and hangs
    counts.note('north', T0 + 2 * MIN, []); // arrives while it is in flight
    let stored = 0;
    const read = counts.read(async () => ++stored, pick);
    await settle();
    w.releaseHeld();
    const { pending } = await read;
    // The read waited for the insert, so nothing it wrote is pending any more: only the check that came after.
    expect(stored).toBe(1);
    expect(Object.fromEntries(pending)).toEqual({
      north: { checks: 1, allowed: 1, refused: 0, byReason: { outside_hours: 0, frequency_cap: 0, no_consent: 0 } },
    });
    const south = await counts.read(async () => 0, { ...pick, team: 'south' });
    expect(south.pending.size).toBe(0);
  });

  it('reads again when a flush ran during the read, so a count is neither missed nor doubled', async () => {
    const { clock, w, counts } = setup();
    counts.note('north', T0, ['frequency_cap']);
    let reads = 0;
    const { pending } = await counts.read(
      async () => {
        reads++;
        if (reads === 1) {
          clock.advance(CHECK_COUNTS_FLUSH_MS); // the flush lands between the pending snapshot and the SELECT
          await settle();
        }
        return reads;
      },
      { from: T0, to: T0 + MIN, team: '' },
    );
    expect(w.inserts).toHaveLength(1);
    expect(reads).toBe(2);
    expect(pending.size).toBe(0);
  });
});
