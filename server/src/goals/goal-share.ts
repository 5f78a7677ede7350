import type { GoalShare } from '@floorpulse/shared';
import type { CallHours } from '../compliance/compliance-checks.js';
import { callingSpan } from '../me/goal-pace.js';
import { localParts, startOfLocalDay, startOfNextLocalDay } from '../pipeline/time/local-day.js';
import { periodRange } from './goal-periods.js';

/** The floor's working days (ISO weekdays, 1 = Monday … 7 = Sunday: WORKING_DAYS) and its calling hours. */
export interface GoalCalendar {
  workingDays: readonly number[];
  callHours: CallHours;
}

const isoWeekday = (dayStart: number, zone: string): number => {
  const p = localParts(dayStart, zone);
  return new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay() || 7;
};

/**
 * A monthly goal broken down over the working days left (docs/rules.md, "Goal decomposition"): what is
 * still to do at the start of today (target − the month's value before today, never below 0), shared
 * evenly over the working days from today to the month's end; this week's share is that daily share times
 * the working days left in this week (and in the month). On pace: met, or at least the whole part of the
 * pro-rata line, the target spread over the month's working days and, today, over its calling hours.
 */
export function goalShare(
  g: { target: number; value: number },
  valueBeforeToday: number,
  now: number,
  zone: string,
  cal: GoalCalendar,
): GoalShare {
  const month = periodRange('month', now, zone);
  const weekEnd = periodRange('week', now, zone).to;
  const today = startOfLocalDay(now, zone);
  let workingDays = 0;
  let elapsed = 0;
  let left = 0;
  let leftThisWeek = 0;
  for (let day = month.from; day < month.to; day = startOfNextLocalDay(day, zone)) {
    if (!cal.workingDays.includes(isoWeekday(day, zone))) continue;
    workingDays += 1;
    if (day < today) elapsed += 1;
    else {
      left += 1;
      if (day < weekEnd) leftThisWeek += 1;
    }
    if (day === today) {
      const { open, close } = callingSpan(day, zone, cal.callHours);
      elapsed += close > open ? Math.min(Math.max(now - open, 0), close - open) / (close - open) : 0;
    }
  }
  const todo = Math.max(0, g.target - valueBeforeToday);
  const perDay = left === 0 ? null : todo / left;
  const expected = workingDays === 0 ? g.target : (g.target * elapsed) / workingDays;
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    workingDays,
    workingDaysLeft: left,
    perDay: perDay === null ? null : round(perDay),
    perWeek: perDay === null ? null : round(perDay * leftThisWeek),
    today: g.value - valueBeforeToday,
    expected: round(expected),
    onPace: g.value >= g.target || g.value >= Math.floor(expected),
  };
}
