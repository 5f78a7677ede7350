import type { ClickHouseClient } from '@clickhouse/client';
import type { PointsAward, PointsRule } from '@floorpulse/shared';
import { TABLES } from '../storage/tables.js';

/** An award as the ledger holds it; `at` in ms. */
export interface LedgerRow {
  id: string;
  at: number;
  agentId: string;
  teamId: string;
  rule: PointsRule;
  points: number;
  ref: string;
}

export function toAward(r: LedgerRow): PointsAward {
  return { id: r.id, agentId: r.agentId, rule: r.rule, points: r.points, ref: r.ref, at: new Date(r.at).toISOString() };
}

/** One insert per stored batch's awards (JSONEachRow), never one per award. */
export async function insertAwards(client: ClickHouseClient, rows: readonly LedgerRow[]): Promise<void> {
  if (rows.length === 0) return;
  await client.insert({
    table: TABLES.pointsLedger,
    format: 'JSONEachRow',
    values: rows.map((r) => ({ id: r.id, at: r.at, agent_id: r.agentId, team_id: r.teamId, rule: r.rule, points: r.points, ref: r.ref })),
  });
}

/** Every award since `sinceMs`, each id once (FINAL): the exactly-once memory and today's tallies are rebuilt from them at start. */
export async function awardsSince(client: ClickHouseClient, sinceMs: number): Promise<LedgerRow[]> {
  const rs = await client.query({
    query: `SELECT id, toUnixTimestamp64Milli(at) AS at, agent_id, team_id, rule, points, ref
            FROM ${TABLES.pointsLedger} FINAL
            WHERE at >= fromUnixTimestamp64Milli({since:Int64})
            ORDER BY at, id`,
    query_params: { since: sinceMs },
    format: 'JSONEachRow',
  });
  const rows = await rs.json<{
    id: string;
    at: string | number;
    agent_id: string;
    team_id: string;
    rule: PointsRule;
    points: number;
    ref: string;
  }>();
  return rows.map((r) => ({
    id: r.id,
    at: Number(r.at),
    agentId: r.agent_id,
    teamId: r.team_id,
    rule: r.rule,
    points: Number(r.points),
    ref: r.ref,
  }));
}

/**
 * Each agent's points over [from, to): the reference query of docs/metrics.md ("Points"), the one the totals
 * route answers with. FINAL: a re-written id counts once. `team` '' is the whole floor.
 */
export const POINTS_TOTALS_SQL = `SELECT agent_id, any(team_id) AS team, sum(points) AS total
FROM points_ledger FINAL
WHERE at >= fromUnixTimestamp64Milli({from:Int64}) AND at < fromUnixTimestamp64Milli({to:Int64})
  AND ({team:String} = '' OR team_id = {team:String})
GROUP BY agent_id
ORDER BY total DESC, agent_id`;

export async function pointsTotals(
  client: ClickHouseClient,
  p: { from: number; to: number; team: string },
): Promise<{ agentId: string; teamId: string; points: number }[]> {
  const rs = await client.query({ query: POINTS_TOTALS_SQL, query_params: p, format: 'JSONEachRow' });
  const rows = await rs.json<{ agent_id: string; team: string; total: string | number }>();
  return rows.map((r) => ({ agentId: r.agent_id, teamId: r.team, points: Number(r.total) }));
}
