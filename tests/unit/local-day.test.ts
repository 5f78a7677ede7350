import { describe, expect, it } from 'vitest';
import { localParts, localToUtc, startOfLocalDay } from '../../server/src/pipeline/time/local-day.js';

describe('local day boundaries', () => {
  it('starts Shanghai days at 16:00 UTC the day before', () => {
    expect(new Date(startOfLocalDay(Date.parse('2026-11-20T07:30:00Z'), 'Asia/Shanghai')).toISOString()).toBe('2026-11-19T16:00:00.000Z');
  });
  it('handles the New York spring-forward day (23 h long)', () => {
    const start = startOfLocalDay(Date.parse('2026-03-08T15:00:00Z'), 'America/New_York');
    expect(new Date(start).toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(new Date(localToUtc(2026, 3, 8, 12, 0, 'America/New_York')).toISOString()).toBe('2026-03-08T16:00:00.000Z');
  });
  it('handles the New York fall-back day (25 h long)', () => {
    const start = startOfLocalDay(Date.parse('2026-11-01T23:00:00Z'), 'America/New_York');
    expect(new Date(start).toISOString()).toBe('2026-11-01T04:00:00.000Z');
  });
});

describe('the cached local day', () => {
  it('gives the same answers as the computation, across a daylight-saving change and back in time', () => {
    const zone = 'America/New_York';
    const start = Date.parse('2026-03-07T00:00:00Z');
    const seen: number[] = [];
    // Forward over the spring-forward day in 17-minute steps, then a jump back to the first day.
    for (let ms = start; ms < start + 3 * 86_400_000; ms += 17 * 60_000) seen.push(startOfLocalDay(ms, zone));
    expect(new Set(seen)).toEqual(
      new Set([
        Date.parse('2026-03-06T05:00:00Z'),
        Date.parse('2026-03-07T05:00:00Z'),
        Date.parse('2026-03-08T05:00:00Z'),
        Date.parse('2026-03-09T04:00:00Z'),
      ]),
    );
    expect(startOfLocalDay(start + 60_000, zone)).toBe(Date.parse('2026-03-06T05:00:00Z'));
    expect(startOfLocalDay(Date.parse('2026-03-09T03:59:59.999Z'), zone)).toBe(Date.parse('2026-03-08T05:00:00Z'));
    expect(startOfLocalDay(Date.parse('2026-03-09T04:00:00Z'), zone)).toBe(Date.parse('2026-03-09T04:00:00Z'));
  });
});

describe("a zone's wall clock, computed once a second (shared/src/wall-clock.ts)", () => {
  const fresh = (ms: number, tz: string) => {
    const f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    const p = Object.fromEntries(
      f
        .formatToParts(new Date(ms))
        .filter((x) => x.type !== 'literal')
        .map((x) => [x.type, Number(x.value)]),
    );
    return { year: p.year, month: p.month, day: p.day, hour: p.hour, minute: p.minute, second: p.second };
  };

  it('answers each instant as Intl does, zones interleaved, across seconds, the spring-forward hour and back in time', () => {
    // 2026-03-08 07:00:00Z is 03:00 EDT, one second after 01:59:59 EST: the same second in two zones, and its neighbours.
    const edge = Date.parse('2026-03-08T07:00:00Z');
    const instants = [edge - 1, edge, edge + 999, edge + 1000, edge - 1000, edge - 1, edge + 500, -1, -1000, 0, 999];
    for (const ms of instants)
      for (const tz of ['America/New_York', 'Asia/Shanghai', 'America/New_York', 'Asia/Kolkata']) {
        expect([ms, tz, localParts(ms, tz)]).toEqual([ms, tz, fresh(ms, tz)]);
      }
  });

  it("hands out a copy: a caller changing its answer does not change the next caller's", () => {
    const ms = Date.parse('2026-11-20T06:00:00Z');
    localParts(ms, 'Asia/Shanghai'); // the second asked now, so the next answer comes from the memo
    const first = localParts(ms, 'Asia/Shanghai');
    first.hour = 99;
    expect(localParts(ms + 1, 'Asia/Shanghai').hour).toBe(14);
  });
});
