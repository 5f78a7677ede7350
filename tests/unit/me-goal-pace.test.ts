import type { GoalProgress } from '@floorpulse/shared';
import { describe, expect, it } from 'vitest';
import { parseCallHours } from '../../server/src/compliance/compliance-checks.js';
import { callingSpan, elapsedShare, minutesLeftToday, withPace } from '../../server/src/me/goal-pace.js';

const TZ = 'Asia/Shanghai';
const HOURS = parseCallHours('08:00-21:00');
/** Shanghai wall-clock time on 20 November 2026 (a Friday), as an instant. */
const at = (hh: number, mm = 0) => Date.UTC(2026, 10, 20, hh - 8, mm);
const dayStart = Date.UTC(2026, 10, 19, 16);

const goal = (period: GoalProgress['period'], value: number, target: number): GoalProgress => ({
  goalId: 'g',
  scope: 'agent:a1',
  metric: 'effective',
  period,
  from: '2026-11-19T16:00:00.000Z',
  to: '2026-11-20T16:00:00.000Z',
  value,
  target,
  met: value >= target,
});

describe('goal pace over the calling hours', () => {
  it("spreads a day's target over 08:00–21:00, not over 24 hours", () => {
    expect(callingSpan(dayStart, TZ, HOURS)).toEqual({ open: at(8), close: at(21) });
    expect(elapsedShare('day', at(7), TZ, HOURS)).toBe(0);
    expect(elapsedShare('day', at(14, 30), TZ, HOURS)).toBeCloseTo(0.5, 10);
    expect(elapsedShare('day', at(22), TZ, HOURS)).toBe(1);
  });

  it('counts a week Monday first and a month by its days, today by its hours', () => {
    // Friday 14:30: Monday to Thursday done, half of Friday: 4.5 of 7 days.
    expect(elapsedShare('week', at(14, 30), TZ, HOURS)).toBeCloseTo(4.5 / 7, 10);
    expect(elapsedShare('month', at(14, 30), TZ, HOURS)).toBeCloseTo(19.5 / 30, 10);
  });

  it('a calling window across midnight counts the whole day', () => {
    const night = parseCallHours('22:00-06:00');
    expect(callingSpan(dayStart, TZ, night)).toEqual({ open: dayStart, close: dayStart + 86_400_000 });
  });

  it('is behind pace only a whole unit behind the line; met is always on pace', () => {
    // 14:30: 5 of 10 due. 4 is behind; 4.6 due at 13:56 is not yet a whole call behind with 4.
    expect(withPace(goal('day', 4, 10), at(14, 30), TZ, HOURS)).toMatchObject({ expected: 5, onPace: false });
    expect(withPace(goal('day', 5, 10), at(14, 30), TZ, HOURS)).toMatchObject({ onPace: true });
    expect(withPace(goal('day', 4, 10), at(13, 56), TZ, HOURS).onPace).toBe(true);
    expect(withPace(goal('day', 10, 10), at(9), TZ, HOURS)).toMatchObject({ met: true, onPace: true });
    expect(withPace(goal('day', 0, 10), at(7), TZ, HOURS)).toMatchObject({ expected: 0, onPace: true });
  });

  it("says how many minutes of today's calling hours are left", () => {
    expect(minutesLeftToday(at(20, 15), dayStart, TZ, HOURS)).toBe(45);
    expect(minutesLeftToday(at(7), dayStart, TZ, HOURS)).toBe(13 * 60);
    expect(minutesLeftToday(at(21, 30), dayStart, TZ, HOURS)).toBe(0);
  });
});
