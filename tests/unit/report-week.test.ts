import { describe, expect, it } from 'vitest';
import { BadWeekError, weekPair } from '../../server/src/reports/report-week.js';

const ny = 'America/New_York';
const at = (iso: string) => Date.parse(iso);
const hours = (a: number, b: number) => (b - a) / 3_600_000;

describe('weekPair: the floor week in its own zone', () => {
  it('a Sunday-start week over the 2026-11-01 change runs 169 hours, Sunday 00:00 EDT to Sunday 00:00 EST', () => {
    const w = weekPair(at('2026-12-01T00:00:00Z'), ny, 'sunday', '2026-11-04');
    expect(new Date(w.thisFrom).toISOString()).toBe('2026-11-01T04:00:00.000Z');
    expect(new Date(w.thisTo).toISOString()).toBe('2026-11-08T05:00:00.000Z');
    expect(hours(w.thisFrom, w.thisTo)).toBe(169);
    expect(new Date(w.lastFrom).toISOString()).toBe('2026-10-25T04:00:00.000Z');
    expect(w.lastTo).toBe(w.thisFrom);
  });

  it('a Monday-start week over the 2026-03-08 change runs 167 hours', () => {
    const w = weekPair(at('2026-04-01T00:00:00Z'), ny, 'monday', '2026-03-08');
    expect(new Date(w.thisFrom).toISOString()).toBe('2026-03-02T05:00:00.000Z');
    expect(new Date(w.thisTo).toISOString()).toBe('2026-03-09T04:00:00.000Z');
    expect(hours(w.thisFrom, w.thisTo)).toBe(167);
  });

  it('the current week ends now, and last week at the same local wall-clock time across the change', () => {
    // Monday 2 November 09:30:15.5 EST; a week earlier it was 09:30:15.5 EDT, an hour less of UTC.
    const now = at('2026-11-02T14:30:15.500Z');
    const w = weekPair(now, ny, 'monday');
    expect(w.thisTo).toBe(now);
    expect(new Date(w.lastTo).toISOString()).toBe('2026-10-26T13:30:15.500Z');
  });

  it('Shanghai has no daylight saving: a week is 168 hours from Monday 00:00 +08', () => {
    const w = weekPair(at('2026-12-01T00:00:00Z'), 'Asia/Shanghai', 'monday', '2026-11-29');
    expect(new Date(w.thisFrom).toISOString()).toBe('2026-11-22T16:00:00.000Z');
    expect(hours(w.thisFrom, w.thisTo)).toBe(168);
  });

  it('refuses a date that is not one, and a week not begun', () => {
    expect(() => weekPair(0, ny, 'monday', '2026-02-30')).toThrow(BadWeekError);
    expect(() => weekPair(at('2026-11-02T00:00:00Z'), ny, 'monday', '2026-11-20')).toThrow(/week: has not begun/);
  });
});
