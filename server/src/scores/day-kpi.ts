import { type Counts, type ScoreTargets, type ScoreWeights, scoreCards } from '@floorpulse/shared';

/**
 * One day's KPI score of an agent's live counts (the wall's rank=kpi board), as SCORES_SQL computes it for
 * a one-day window: daysDialed is 1 with a dial, 0 without. The live counts equal SQL, so the score does.
 */
export function dayKpi(c: Counts, weights: ScoreWeights, targets: ScoreTargets): number | null {
  return scoreCards({ ...c, daysDialed: c.dialed > 0 ? 1 : 0 }, weights, targets).kpi.score;
}
