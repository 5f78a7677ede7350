import type { ClickHouseClient } from '@clickhouse/client';
import { type AgentRow, computeRates, type HistoryBucket, parseScope, type RanSql, type Scope, type SeriesPoint } from '@floorpulse/shared';
import type { Thresholds } from '../pipeline/windows/contribution.js';
import { COUNT_COLUMNS, countsOf, NUMBER_SETTINGS, RANGE_FILTER, SCOPE_FILTER } from '../storage/counts-sql.js';
import { TABLES } from '../storage/tables.js';

const SETTINGS = NUMBER_SETTINGS;

/**
 * Bucket start in the floor's zone: a "day" is the floor's local day, not UTC's. Fixed text per
 * bucket (no values in it): the zone itself is a bound parameter.
 */
const BUCKET_EXPR: Record<HistoryBucket, string> = {
  '15m': 'toStartOfFifteenMinutes(ts, {tz:String})',
  '1h': 'toStartOfHour(ts, {tz:String})',
  '1d': 'toStartOfDay(ts, {tz:String})',
};

export function seriesSql(bucket: HistoryBucket): string {
  return `SELECT toUnixTimestamp(${BUCKET_EXPR[bucket]}) * 1000 AS t,${COUNT_COLUMNS}
FROM ${TABLES.events} AS e
WHERE ${RANGE_FILTER}
  AND ${SCOPE_FILTER}
GROUP BY t
ORDER BY t`;
}

/**
 * Per agent over a range; the latest agent.state in the range too (the supervisor's table). `team`: one
 * team or '' for all; `teams`: the teams a supervisor looks after (their default view), or [] for all.
 */
export const AGENTS_SQL = `SELECT agent_id, any(team_id) AS team, anyIf(channel, channel != '') AS chan,
  argMaxIf(state, ts, type = 'agent.state') AS last_state,
  argMaxIf(state_reason, ts, type = 'agent.state') AS last_reason,
  toUnixTimestamp64Milli(maxIf(ts, type = 'agent.state')) AS last_state_ms,
  countIf(type = 'agent.state') AS states,${COUNT_COLUMNS}
FROM ${TABLES.events} AS e
WHERE ${RANGE_FILTER}
  AND ({team:String} = '' OR team_id = {team:String})
  AND (empty({teams:Array(String)}) OR has({teams:Array(String)}, team_id))
GROUP BY agent_id
ORDER BY agent_id`;

export async function series(
  client: ClickHouseClient,
  q: { scope: Scope; fromMs: number; toMs: number; bucket: HistoryBucket; tz: string } & Thresholds,
): Promise<RanSql & { points: SeriesPoint[] }> {
  const s = parseScope(q.scope);
  const sql = seriesSql(q.bucket);
  const params = {
    from: q.fromMs,
    to: q.toMs,
    tz: q.tz,
    kind: s.kind,
    id: 'id' in s ? s.id : '',
    earlyHangupSeconds: q.earlyHangupSeconds,
    effectiveSeconds: q.effectiveSeconds,
  };
  const rs = await client.query({ query: sql, query_params: params, format: 'JSONEachRow', clickhouse_settings: SETTINGS });
  const rows = await rs.json<Record<string, unknown>>();
  const points = rows.map((r) => {
    const counts = countsOf(r);
    return { t: Number(r.t), counts, rates: computeRates(counts) };
  });
  return { sql, params, points };
}

export async function agents(
  client: ClickHouseClient,
  q: { fromMs: number; toMs: number; teamId: string; teams?: readonly string[] } & Thresholds,
): Promise<RanSql & { rows: AgentRow[] }> {
  const params = {
    from: q.fromMs,
    to: q.toMs,
    team: q.teamId,
    teams: [...(q.teams ?? [])],
    earlyHangupSeconds: q.earlyHangupSeconds,
    effectiveSeconds: q.effectiveSeconds,
  };
  const rs = await client.query({ query: AGENTS_SQL, query_params: params, format: 'JSONEachRow', clickhouse_settings: SETTINGS });
  const rows = (await rs.json<Record<string, unknown>>()).map((r) => {
    const counts = countsOf(r);
    return {
      agentId: String(r.agent_id),
      teamId: String(r.team),
      channel: String(r.chan ?? ''),
      state: String(r.last_state ?? ''),
      stateReason: String(r.last_reason ?? ''),
      // maxIf over no row is the epoch: "no state" is null, not 1970.
      stateSince: Number(r.states) > 0 ? new Date(Number(r.last_state_ms)).toISOString() : null,
      counts,
      rates: computeRates(counts),
    };
  });
  return { sql: AGENTS_SQL, params, rows };
}
