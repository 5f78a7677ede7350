import type { WeekStart } from '@floorpulse/shared';
import { localParts, localToUtc } from '../pipeline/time/local-day.js';

/** Day of the week each WEEK_START begins on, as Date.getUTCDay counts (Sunday 0). */
const FIRST_DAY: Record<WeekStart, number> = { sunday: 0, monday: 1, saturday: 6 };

export class BadWeekError extends Error {}

/** A local calendar date moved by `days`, at local midnight (through wall-clock parts: DST-safe). */
export function localMidnight(year: number, month: number, day: number, days: number, tz: string): number {
  const d = new Date(Date.UTC(year, month - 1, day + days));
  return localToUtc(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), 0, 0, tz);
}

/** The floor-local date of an instant, YYYY-MM-DD. */
export function localDate(ms: number, tz: string): string {
  const p = localParts(ms, tz);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/**
 * A `?day=YYYY-MM-DD` (default: the floor-local today) as its local-midnight bounds [fromMs, toMs), or the
 * 400's words naming the field. One reading for every route that asks about a day (a team's day, the checks).
 */
export function localDayParam(
  raw: string | undefined,
  now: number,
  tz: string,
): { day: string; fromMs: number; toMs: number } | { error: string } {
  const day = raw ?? localDate(now, tz);
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return { error: 'day: must be a date YYYY-MM-DD' };
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return { error: 'day: is not a calendar date' };
  return { day, fromMs: localMidnight(y, mo, d, 0, tz), toMs: localMidnight(y, mo, d, 1, tz) };
}

export interface WeekPair {
  thisFrom: number;
  thisTo: number;
  lastFrom: number;
  lastTo: number;
}

/**
 * The floor's week that holds `day` (a local YYYY-MM-DD) or `now`, and the week before it, in `tz`
 * (docs/metrics.md, "Weekly report"). A week starts at local midnight of its first day, so a week over a
 * daylight-saving change has 167 or 169 hours. The current week ends now; last week is then cut at the
 * same local wall-clock time of the same weekday, so both sides cover the same part of a week.
 */
export function weekPair(now: number, tz: string, weekStart: WeekStart, day?: string): WeekPair {
  let y: number;
  let m: number;
  let d: number;
  if (day !== undefined) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new BadWeekError('week: must be a date YYYY-MM-DD');
    [y, m, d] = day.split('-').map(Number) as [number, number, number];
    const check = new Date(Date.UTC(y, m - 1, d));
    if (check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) throw new BadWeekError('week: is not a calendar date');
  } else {
    ({ year: y, month: m, day: d } = localParts(now, tz));
  }
  const back = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() - FIRST_DAY[weekStart] + 7) % 7;
  const thisFrom = localMidnight(y, m, d, -back, tz);
  const thisEnd = localMidnight(y, m, d, 7 - back, tz);
  const lastFrom = localMidnight(y, m, d, -back - 7, tz);
  if (thisFrom > now) throw new BadWeekError('week: has not begun yet');
  if (now >= thisEnd) return { thisFrom, thisTo: thisEnd, lastFrom, lastTo: thisFrom };
  const q = localParts(now, tz);
  const sub = now - Math.floor(now / 60_000) * 60_000; // the seconds and milliseconds of the minute
  const lastTo = localToUtc(q.year, q.month, q.day - 7, q.hour, q.minute, tz) + sub;
  return { thisFrom, thisTo: now, lastFrom, lastTo };
}
