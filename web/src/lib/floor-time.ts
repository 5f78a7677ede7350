import { localParts, localToUtc } from '@floorpulse/shared';
import { meta } from './meta';

/**
 * "2026-12-01" and "14:00" on the floor's clock as a UTC instant, right across daylight-saving changes
 * (shared/src/wall-clock.ts, as the server reads it): a contest's window is the floor's.
 */
export function floorInstant(date: string, hm: string, tz: string = meta.floorTz): number {
  const [y, mo, d] = date.split('-').map(Number);
  const [h, mi] = hm.split(':').map(Number);
  return localToUtc(y!, mo!, d!, h!, mi!, tz);
}

/** Today's date and the next whole quarter hour on the floor's clock: a new contest's defaults. */
export function floorNow(ms: number, tz: string = meta.floorTz): { date: string; hm: string } {
  const next = Math.ceil(ms / 900_000) * 900_000;
  const p = localParts(next, tz);
  const pad = (n: number | undefined) => String(n ?? 0).padStart(2, '0');
  return { date: `${p.year}-${pad(p.month)}-${pad(p.day)}`, hm: `${pad(p.hour)}:${pad(p.minute)}` };
}
