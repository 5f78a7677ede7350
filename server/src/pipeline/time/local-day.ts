// Wall-clock parts and instants live in shared (the web types contest windows on the floor's clock too).
import { localParts, localToUtc, zoneOffset } from '@floorpulse/shared';

export { localParts, localToUtc, zoneOffset };

/** Local midnight (start of the local day) of the day that contains `ms`, as a UTC instant. */
export function startOfLocalDay(ms: number, tz: string): number {
  // Almost every call asks about the current day: three Intl passes per event were 25% of the main
  // thread under load (cpu profile, bench ingest). The day's [start, end) per zone answers them.
  const cached = dayCache.get(tz);
  if (cached && ms >= cached.start && ms < cached.end) return cached.start;
  const start = computeStartOfLocalDay(ms, tz);
  const end = startOfNextLocalDay(start, tz);
  if (ms >= start && ms < end) dayCache.set(tz, { start, end });
  return start;
}

/** The local midnight after the day that starts at `dayStart` (23, 24 or 25 hours later). */
export function startOfNextLocalDay(dayStart: number, tz: string): number {
  // +36 h lands inside the next local day whether this one has 23, 24 or 25 hours.
  return computeStartOfLocalDay(dayStart + 36 * 3_600_000, tz);
}

const dayCache = new Map<string, { start: number; end: number }>();

function computeStartOfLocalDay(ms: number, tz: string): number {
  const p = localParts(ms, tz);
  return localToUtc(p.year, p.month, p.day, 0, 0, tz);
}
