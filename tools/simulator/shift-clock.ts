import { startOfLocalDay } from '../../server/src/pipeline/time/local-day.js';

const MIN = 60_000;

/**
 * Local days of the floor's zone, cached: the generator asks "which local minute is this?" for every
 * call, and Intl formatting per call would dominate a day's generation.
 */
export class ShiftClock {
  private dayStart = 0;
  private dayEnd = 0;

  constructor(private readonly zone: string) {}

  /** [start, end) of the local day containing `ms` (23 or 25 h on daylight-saving days). */
  day(ms: number): { start: number; end: number } {
    if (ms < this.dayStart || ms >= this.dayEnd) {
      this.dayStart = startOfLocalDay(ms, this.zone);
      // +36 h lands inside the next local day whatever its length.
      this.dayEnd = startOfLocalDay(this.dayStart + 36 * 3_600_000, this.zone);
    }
    return { start: this.dayStart, end: this.dayEnd };
  }

  /** The first instant ≥ ms that lies inside one of the shifts, or ms itself. */
  nextWorking(ms: number, shifts: readonly (readonly [number, number])[]): number {
    let { start, end } = this.day(ms);
    for (let guard = 0; guard < 4; guard++) {
      for (const [a, b] of shifts) {
        const from = start + a * MIN;
        const to = start + b * MIN;
        if (ms < to) return Math.max(ms, from);
      }
      ({ start, end } = this.day(end));
      ms = start;
    }
    throw new Error('no working time within four days: check the shifts');
  }

  /** End of the shift containing ms (ms must be working time). */
  shiftEnd(ms: number, shifts: readonly (readonly [number, number])[]): number {
    const { start } = this.day(ms);
    for (const [a, b] of shifts) if (ms >= start + a * MIN && ms < start + b * MIN) return start + b * MIN;
    return ms;
  }
}
