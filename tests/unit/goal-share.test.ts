import { describe, expect, it } from 'vitest';
import { parseCallHours } from '../../server/src/compliance/compliance-checks.js';
import { goalShare } from '../../server/src/goals/goal-share.js';

const zone = 'Asia/Shanghai';
const cal = { workingDays: [1, 2, 3, 4, 5], callHours: parseCallHours('09:00-18:00') };
// Tuesday 1 December 2026; December has 23 working days Monday to Friday (1–4, 7–11, 14–18, 21–25, 28–31).
const at = (iso: string) => Date.parse(iso);

describe('goalShare: a monthly goal over the working days left', () => {
  it('shares what is left at the start of today over the working days from today, and this week over its days left', () => {
    // Wednesday 16 December, 09:00 in Shanghai (01:00Z): 1–15 are 11 working days gone, 16–31 are 12 left,
    // 16–18 are this week's 3. 60 sales to reach, 38 before today: 22 ÷ 12 a day, 3 of those days this week.
    const s = goalShare({ target: 60, value: 38 }, 38, at('2026-12-16T01:00:00Z'), zone, cal);
    expect(s.workingDays).toBe(23);
    expect(s.workingDaysLeft).toBe(12);
    expect(s.perDay).toBeCloseTo(22 / 12, 2);
    expect(s.perWeek).toBeCloseTo((22 / 12) * 3, 2);
    expect(s.today).toBe(0);
    // Pro rata at 09:00: 60 × 11 / 23 = 28.7; 38 is ahead.
    expect(s.expected).toBeCloseTo((60 * 11) / 23, 2);
    expect(s.onPace).toBe(true);
  });

  it('is behind when the value is a whole unit or more under the line; today counts by its calling hours', () => {
    // Wednesday 16 December 13:30 (05:30Z): half of today's 09:00–18:00 is gone: 60 × 11.5 / 23 = 30.
    const s = goalShare({ target: 60, value: 29 }, 27, at('2026-12-16T05:30:00Z'), zone, cal);
    expect(s.expected).toBeCloseTo(30, 5);
    expect(s.today).toBe(2);
    expect(s.onPace).toBe(false);
    expect(goalShare({ target: 60, value: 30 }, 27, at('2026-12-16T05:30:00Z'), zone, cal).onPace).toBe(true);
  });

  it('a weekend day is no working day: Saturday shares over Monday on, and this week has none left', () => {
    const s = goalShare({ target: 60, value: 40 }, 40, at('2026-12-19T02:00:00Z'), zone, cal);
    expect(s.workingDaysLeft).toBe(9); // 21–25, 28–31
    expect(s.perDay).toBeCloseTo(20 / 9, 2);
    expect(s.perWeek).toBe(0);
  });

  it('nothing is left to share once the target is reached, and no working day left is null, not 0', () => {
    expect(goalShare({ target: 10, value: 12 }, 12, at('2026-12-16T01:00:00Z'), zone, cal).perDay).toBe(0);
    const sunday = goalShare({ target: 10, value: 2 }, 2, at('2027-01-31T02:00:00Z'), zone, cal);
    expect(sunday.workingDaysLeft).toBe(0);
    expect(sunday.perDay).toBeNull();
    expect(sunday.perWeek).toBeNull();
  });
});
