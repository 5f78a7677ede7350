import { type Counts, type Leaderboard, type LeaderboardEntry, type LeaderboardMetric, metricValue, type Scope } from '@floorpulse/shared';
import type { WindowStore } from '../pipeline/windows/window-store.js';

/** 10 places: what a wall reads from metres away. */
export const BOARD_SIZE = 10;
/**
 * 10 calls: under it a rate is luck (one sale out of one answer is 100 %), so a rate metric is
 * null below it and such agents rank after every agent with a real sample.
 */
export const MIN_RATE_SAMPLE = 10;

/** What a board needs of the agents (the agent directory, agents/agent-directory.ts). */
export interface BoardAgents {
  teamOf(agentId: string): string | undefined;
  isRobot(agentId: string): boolean;
}

/** Today's KPI score of an agent's counts (scores/scores-service.ts kpiOfDay); absent: a kpi board has no values. */
export type KpiOf = (counts: Counts) => number | null;
/** Today's points of an agent (the points ledger's tally, server/src/points/); absent: no points board. */
export type BoardPoints = (agentId: string, now: number) => number;

/** What a board may rank by besides the counts: each absent when its feature is off (its boards show "—"). */
export interface BoardValues {
  kpiOf?: KpiOf | undefined;
  points?: BoardPoints | undefined;
}

export interface BoardKey {
  scope: 'floor' | `team:${string}`;
  metric: LeaderboardMetric;
}

/**
 * Today's top agents of the floor or of one team. Ranked by the chosen metric, ties broken by
 * sales then effective conversations — outcomes and quality, never dial volume (rival boards
 * reward speed over quality: docs/metrics.md, "The floor"). People only: a robot line dials 6–8× a
 * person and would top every count board; robots are compared with people on the wall's
 * human-vs-robot panel instead.
 */
export function buildLeaderboard(
  windows: WindowStore,
  agents: BoardAgents,
  key: BoardKey,
  now: number,
  values: BoardValues = {},
): Leaderboard {
  const { from, to } = windows.range('today', now);
  return {
    scope: key.scope,
    metric: key.metric,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    entries: rankAgents(windows, agents, key, now, values).slice(0, BOARD_SIZE),
  };
}

/**
 * Every person on the floor (or one team) today, in the board's order: the whole list behind the top 10,
 * so an agent's own screen (/me) can say where they stand by the same order the wall shows.
 */
export function rankAgents(
  windows: WindowStore,
  agents: BoardAgents,
  key: BoardKey,
  now: number,
  { kpiOf, points }: BoardValues = {},
): LeaderboardEntry[] {
  const team = key.scope === 'floor' ? null : key.scope.slice('team:'.length);
  const entries: LeaderboardEntry[] = [];
  for (const scope of windows.scopes()) {
    if (!scope.startsWith('agent:')) continue;
    const agentId = scope.slice('agent:'.length);
    if (agents.isRobot(agentId)) continue;
    const teamId = agents.teamOf(agentId);
    if (teamId === undefined || (team !== null && teamId !== team)) continue;
    const { counts, rates } = windows.snapshot(scope as Scope, 'today', now);
    if (counts.dialed + counts.answered + counts.ended + counts.sales + counts.leads === 0) continue; // not on the floor today
    const mine = points?.(agentId, now);
    const withPoints = mine === undefined ? {} : { points: mine };
    if (key.metric === 'points') {
      // No points kept (no ledger): "—" for everyone, never a 0 nobody counted.
      entries.push({ agentId, teamId, value: mine ?? null, sales: counts.sales, effective: counts.effective, ...withPoints });
      continue;
    }
    // The KPI score is a mean of rates: the same 10-call sample, counted in dials.
    const sample =
      key.metric === 'effectiveRate'
        ? counts.ended
        : key.metric === 'conversionRate'
          ? counts.answered
          : key.metric === 'kpi'
            ? counts.dialed
            : Infinity;
    const value =
      sample < MIN_RATE_SAMPLE ? null : key.metric === 'kpi' ? (kpiOf?.(counts) ?? null) : metricValue(counts, rates, key.metric);
    entries.push({ agentId, teamId, value, sales: counts.sales, effective: counts.effective, ...withPoints });
  }
  return entries.sort(byQuality);
}

function byQuality(a: LeaderboardEntry, b: LeaderboardEntry): number {
  if (a.value !== b.value) {
    if (a.value === null) return 1;
    if (b.value === null) return -1;
    return b.value - a.value;
  }
  return b.sales - a.sales || b.effective - a.effective || a.agentId.localeCompare(b.agentId);
}
