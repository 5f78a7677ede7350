import type { PointsRules } from '@floorpulse/shared';

/**
 * The shipped points (docs/metrics.md, "Points"): +50 for meeting the daily goal is the floor material's own
 * example; a sale is worth 20 and an effective conversation 2 (about 30 a day for a person: 60, so a day's
 * goal and a sale weigh more than volume); a streak of 3 days (the streak rule's own length) earns 30 more
 * on each day it holds; a violation costs 30, more than the effective calls of an hour earn.
 */
export const DEFAULT_POINTS: Readonly<PointsRules> = Object.freeze({
  dailyGoalMet: 50,
  sale: 20,
  effective: 2,
  streak: 30,
  streakDays: 3,
  violation: -30,
});
