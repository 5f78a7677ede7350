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
