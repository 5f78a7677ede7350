import type { GoalProgress, MyGoal } from '@floorpulse/shared';
import type { CallHours } from '../compliance/compliance-checks.js';
import { type Period, periodRange } from '../goals/goal-periods.js';
import { localParts, localToUtc, startOfNextLocalDay } from '../pipeline/time/local-day.js';

/*
 * "Am I on pace?" (docs/people.md, "The agent's page"): a goal's target spread evenly over the calling
 * hours of its period (CALL_HOURS, 08:00–21:00 by default: nobody earns a call at 03:00), so at 14:30 of
 * a 08:00–21:00 day half of the daily target is due. Week and month goals count every day of the period
 * the same way (the floor works its calling hours every day; a floor closed on Sundays is ahead on Monday).
 */

/** [open, close) of the calling hours of the local day starting at `dayStart`; a window across midnight counts the whole day. */
export function callingSpan(dayStart: number, zone: string, hours: CallHours): { open: number; close: number } {
  const next = startOfNextLocalDay(dayStart, zone);
  if (hours.startMinute >= hours.endMinute) return { open: dayStart, close: next };
  const p = localParts(dayStart, zone);
  const at = (minute: number) => localToUtc(p.year, p.month, p.day, Math.floor(minute / 60), minute % 60, zone);
  return { open: at(hours.startMinute), close: at(hours.endMinute) };
}

/** The share (0–1) of a period's calling time that has passed at `now`. */
export function elapsedShare(period: Period, now: number, zone: string, hours: CallHours): number {
  const { from, to } = periodRange(period, now, zone);
  let total = 0;
  let done = 0;
  for (let day = from; day < to; day = startOfNextLocalDay(day, zone)) {
    const { open, close } = callingSpan(day, zone, hours);
    total += close - open;
    done += Math.min(Math.max(now - open, 0), close - open);
  }
  return total === 0 ? 1 : done / total;
}

/** Minutes of today's calling hours still ahead (0 once they are over). */
export function minutesLeftToday(now: number, dayStart: number, zone: string, hours: CallHours): number {
  const { open, close } = callingSpan(dayStart, zone, hours);
  const left = close - Math.max(now, open);
  return left > 0 ? Math.floor(left / 60_000) : 0;
}

/**
 * A goal with its pace. Behind pace means a whole unit or more behind the pro-rata line: half a call
 * behind at 10:00 is not worth a warning (`expected` keeps the exact line for the screen).
 */
export function withPace(g: GoalProgress, now: number, zone: string, hours: CallHours): MyGoal {
  // A monthly goal is paced over the floor's working days (goals/goal-share.ts), as the wall and the supervisor see it.
  if (g.share) return { ...g, expected: Math.round(g.share.expected * 10) / 10, onPace: g.share.onPace };
  const expected = g.target * elapsedShare(g.period, now, zone, hours);
  return { ...g, expected: Math.round(expected * 10) / 10, onPace: g.met || g.value >= Math.floor(expected) };
}
