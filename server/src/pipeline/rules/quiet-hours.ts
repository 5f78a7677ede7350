import { localParts } from '../time/local-day.js';

/** Whether `now` falls in the floor-local [from, to) (wrapping midnight when from > to). */
export function inQuietHours(now: number, zone: string, quiet: { from: string; to: string } | undefined): boolean {
  if (!quiet) return false;
  const p = localParts(now, zone);
  const m = p.hour * 60 + p.minute;
  const toMin = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));
  const a = toMin(quiet.from);
  const b = toMin(quiet.to);
  return a <= b ? m >= a && m < b : m >= a || m < b;
}
