/*
 * Wall-clock time in an IANA zone, for the server (pipeline/time/local-day.ts builds its days on it)
 * and the web (a contest's window typed on the floor's clock): one home, the same answer on both sides.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/**
 * The last second asked of each zone and its parts. A zone's wall clock is the same all through a UTC
 * second (offsets are whole seconds), and the callers ask about "now" again and again: the pre-dial
 * check at 2,000 a second, the stream's events. formatToParts cost ~3 µs and 13 objects a call.
 */
const lastSecond = new Map<string, { second: number; parts: LocalParts }>();

/** Wall-clock parts of an instant in a zone. */
export function localParts(ms: number, tz: string): LocalParts {
  const second = Math.floor(ms / 1000);
  const last = lastSecond.get(tz);
  if (last?.second === second) return { ...last.parts };
  const parts: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(new Date(ms))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const out = { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! };
  lastSecond.set(tz, { second, parts: out });
  return { ...out };
}

/** Offset of the zone from UTC at an instant, in ms (Asia/Shanghai: +8 h). */
export function zoneOffset(ms: number, tz: string): number {
  const p = localParts(ms, tz);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** The UTC instant of a local wall-clock time, correct across daylight-saving changes. */
export function localToUtc(year: number, month: number, day: number, hour: number, minute: number, tz: string): number {
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  let ms = guess - zoneOffset(guess, tz);
  ms = guess - zoneOffset(ms, tz);
  return ms;
}
