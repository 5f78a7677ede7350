import type { ClickHouseClient } from '@clickhouse/client';
import type { Contest, ContestParticipant, ContestStanding } from '@floorpulse/shared';
import { NUMBER_SETTINGS } from '../storage/counts-sql.js';
import { TABLES } from '../storage/tables.js';
import { byTeam } from './contest-rules.js';

/**
 * The events a contest counts, one row each (docs/rules.md, "Contests"): the SQL twin of contestPoint.
 * Every value is a bound parameter; `{table:Identifier}` lets the same text run on the analysts' view.
 */
const POINTS = `
  SELECT id, ts, if({byTeam:Bool}, team_id, agent_id) AS p,
         if({metric:String} = 'revenue', ifNull(amount, 0), 1) AS v
  FROM {table:Identifier} AS e
  WHERE ts >= fromUnixTimestamp64Milli({from:Int64}) AND ts < fromUnixTimestamp64Milli({to:Int64})
    AND channel != 'robot'
    AND p IN {ids:Array(String)}
    AND multiIf({metric:String} = 'answered', type = 'call.answered',
                {metric:String} = 'effective', type = 'call.ended' AND ifNull(e.answered, false) AND talk_seconds >= {effectiveSeconds:Float64},
                {metric:String} = 'hotLeadSales', type = 'call.outcome' AND outcome = 'sale' AND lead_call_id != '',
                type = 'call.outcome' AND outcome = 'sale')`;

/**
 * Standings over [from, to): each participant's sum, and for a race to {target} the ts of the event that
 * took its running sum (in (ts, id) order) to the target. The SQL the history page shows beside a result.
 */
export const CONTEST_STANDINGS_SQL = `
SELECT p AS participant, sum(v) AS value, countIf(run >= {target:Float64}) > 0 AS reached,
       toUnixTimestamp64Milli(minIf(ts, run >= {target:Float64})) AS reachedAtMs
FROM (
  SELECT p, ts, v, sum(v) OVER (PARTITION BY p ORDER BY ts, id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS run
  FROM (${POINTS})
)
GROUP BY p
ORDER BY value DESC, p`;

export interface ContestWindow {
  contest: Contest;
  fromMs: number;
  toMs: number;
  effectiveSeconds: number;
}

/** The parameters of both queries: participants' ids without their team:/agent: prefix. */
export function contestParams(w: ContestWindow, table: string = TABLES.events): Record<string, string | number | boolean | string[]> {
  const c = w.contest;
  return {
    table,
    byTeam: byTeam(c),
    metric: c.metric,
    from: w.fromMs,
    to: w.toMs,
    ids: c.participants.map((p) => p.slice(p.indexOf(':') + 1)),
    effectiveSeconds: w.effectiveSeconds,
    // No target: a sum never reaches +inf, so reachedAt stays empty.
    target: c.kind === 'target' && c.target !== undefined ? c.target : Number.MAX_VALUE,
  };
}

const prefix = (c: Contest): 'team:' | 'agent:' => (byTeam(c) ? 'team:' : 'agent:');

/** The standings from SQL; participants that scored nothing are absent (fullStandings adds them). */
export async function standingsFromSql(client: ClickHouseClient, w: ContestWindow): Promise<ContestStanding[]> {
  const rs = await client.query({
    query: CONTEST_STANDINGS_SQL,
    query_params: contestParams(w),
    format: 'JSONEachRow',
    clickhouse_settings: NUMBER_SETTINGS,
  });
  const rows = await rs.json<{ participant: string; value: number; reached: number | boolean; reachedAtMs: number }>();
  return rows.map((r) => ({
    participant: `${prefix(w.contest)}${r.participant}` as ContestParticipant,
    value: Number(r.value),
    ...(r.reached === true || Number(r.reached) === 1 ? { reachedAt: new Date(Number(r.reachedAtMs)).toISOString() } : {}),
  }));
}

/** The counted events themselves, to seed the live tally at start or when a contest is created. */
export async function contestPointsFromSql(
  client: ClickHouseClient,
  w: ContestWindow,
): Promise<{ id: string; ts: number; participant: ContestParticipant; value: number }[]> {
  const rs = await client.query({
    query: `SELECT id, toUnixTimestamp64Milli(ts) AS ms, p, v FROM (${POINTS})`,
    query_params: contestParams(w),
    format: 'JSONEachRow',
    clickhouse_settings: NUMBER_SETTINGS,
  });
  const rows = await rs.json<{ id: string; ms: number; p: string; v: number }>();
  return rows.map((r) => ({
    id: r.id,
    ts: Number(r.ms),
    participant: `${prefix(w.contest)}${r.p}` as ContestParticipant,
    value: Number(r.v),
  }));
}
