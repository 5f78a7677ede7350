import { describe, expect, it } from 'vitest';
import { localToUtc, startOfLocalDay } from '../../server/src/pipeline/time/local-day.js';

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
