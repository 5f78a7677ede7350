import type { LeaderboardMetric } from '@floorpulse/shared';

/**
 * What a wall's leaderboard may rank by, from `?rank=` (a display link's URL carries it too): a short
 * list, so another ranking is one entry more here and a word in the messages (`board.by.<rank>`).
 * Anything else, or nothing, ranks by sales (docs/web.md).
 */
export const WALL_RANKS = ['sales', 'points', 'kpi'] as const satisfies readonly LeaderboardMetric[];
export type WallRank = (typeof WALL_RANKS)[number];

export function wallRank(asked: string | null): WallRank {
  return WALL_RANKS.find((r) => r === asked) ?? 'sales';
}
