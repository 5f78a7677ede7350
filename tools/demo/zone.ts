import { localParts } from '../../server/src/pipeline/time/local-day.js';

/** Zones around the world, one per hour or so: one of them is always in the afternoon. */
const CANDIDATES = [
  'Asia/Shanghai',
  'Asia/Tokyo',
  'Australia/Sydney',
  'Pacific/Noumea',
  'Pacific/Auckland',
  'Pacific/Apia',
  'Pacific/Honolulu',
  'America/Anchorage',
  'America/Los_Angeles',
  'America/Denver',
  'America/Chicago',
  'America/New_York',
  'America/Halifax',
  'America/Sao_Paulo',
  'America/Noronha',
  'Atlantic/Azores',
  'Europe/London',
  'Europe/Berlin',
  'Europe/Athens',
  'Europe/Moscow',
  'Asia/Dubai',
  'Asia/Karachi',
  'Asia/Dhaka',
  'Asia/Bangkok',
] as const;

/**
 * The demo floor's zone: the floor works 08:00–21:00 local, so a demo started at night in Shanghai
 * would show an empty wall. Shanghai when it is working time there (10:00–17:00), else the zone
 * where it is now closest to 14:00 — the demo always opens on a busy afternoon.
 */
export function pickDemoZone(now: number): { zone: string; localTime: string } {
  const minutes = (zone: string) => {
    const p = localParts(now, zone);
    return p.hour * 60 + p.minute;
  };
  let best: string = CANDIDATES[0];
  const shanghai = minutes(best);
  if (shanghai < 10 * 60 || shanghai >= 17 * 60) {
    let bestDistance = Infinity;
    for (const zone of CANDIDATES) {
      const d = Math.abs(minutes(zone) - 14 * 60);
      if (d < bestDistance) [best, bestDistance] = [zone, d];
    }
  }
  const m = minutes(best);
  return { zone: best, localTime: `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}` };
}
