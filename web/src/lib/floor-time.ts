import { meta } from './meta';

/** Wall-clock parts of an instant in the floor's zone. */
function parts(ms: number, tz: string): Record<string, number> {
  const f = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
  const out: Record<string, number> = {};
  for (const p of f.formatToParts(new Date(ms))) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out;
}

const offset = (ms: number, tz: string): number => {
  const p = parts(ms, tz);
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!) - Math.floor(ms / 60_000) * 60_000;
};

/**
 * "2026-12-01" and "14:00" on the floor's clock as a UTC instant, right across daylight-saving changes
 * (the server's localToUtc, server/src/pipeline/time/local-day.ts): a contest's window is the floor's.
 */
export function floorInstant(date: string, hm: string, tz: string = meta.floorTz): number {
  const [y, mo, d] = date.split('-').map(Number);
  const [h, mi] = hm.split(':').map(Number);
  const guess = Date.UTC(y!, mo! - 1, d!, h!, mi!);
  const first = guess - offset(guess, tz);
  return guess - offset(first, tz);
}

/** Today's date and the next whole quarter hour on the floor's clock: a new contest's defaults. */
export function floorNow(ms: number, tz: string = meta.floorTz): { date: string; hm: string } {
  const next = Math.ceil(ms / 900_000) * 900_000;
  const p = parts(next, tz);
  const pad = (n: number | undefined) => String(n ?? 0).padStart(2, '0');
  return { date: `${p.year}-${pad(p.month)}-${pad(p.day)}`, hm: `${pad(p.hour)}:${pad(p.minute)}` };
}
