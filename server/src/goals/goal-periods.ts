import { localParts, localToUtc, startOfLocalDay } from '../pipeline/time/local-day.js';

export type Period = 'day' | 'week' | 'month';

/**
 * [from, to) of the day, week (Monday first) or month holding `now`, in the floor's zone: a goal
 * period starts at local midnight, whatever daylight saving does to the UTC offset (docs/rules.md, "Goals").
 */
export function periodRange(period: Period, now: number, zone: string): { from: number; to: number } {
  const p = localParts(now, zone);
  if (period === 'day') {
    const from = startOfLocalDay(now, zone);
    return { from, to: localToUtc(p.year, p.month, p.day + 1, 0, 0, zone) };
  }
  if (period === 'month') return { from: localToUtc(p.year, p.month, 1, 0, 0, zone), to: localToUtc(p.year, p.month + 1, 1, 0, 0, zone) };
  const dow = new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay();
  const back = (dow + 6) % 7;
  return { from: localToUtc(p.year, p.month, p.day - back, 0, 0, zone), to: localToUtc(p.year, p.month, p.day - back + 7, 0, 0, zone) };
}

/** The local calendar date of an instant, YYYY-MM-DD: the day part of daily celebration ids. */
export function localDate(ms: number, zone: string): string {
  const p = localParts(ms, zone);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}
