import type { ClickHouseClient } from '@clickhouse/client';
import { computeRates, emptyCounts, parseScope, type Counts, type Rates, type Scope } from '@floorpulse/shared';
import { TABLES } from './tables.js';

/** Integers as numbers, not strings (all counts stay far below 2^53). */
const SETTINGS = { output_format_json_quote_64bit_integers: 0 } as const;

export const BUCKETS = ['15m', '1h', '1d'] as const;
export type Bucket = (typeof BUCKETS)[number];

/**
 * Bucket start in the floor's zone: a "day" is the floor's local day, not UTC's. Fixed text per
 * bucket (no values in it): the zone itself is a bound parameter.
 */
const BUCKET_EXPR: Record<Bucket, string> = {
  '15m': 'toStartOfFifteenMinutes(ts, {tz:String})',
  '1h': 'toStartOfHour(ts, {tz:String})',
  '1d': 'toStartOfDay(ts, {tz:String})',
};

/** The counts of BRIEF "The metrics", the same expressions as WINDOW_COUNTS_SQL (the live rates' reference). */
const COUNT_COLUMNS = `
  countIf(type = 'call.dialed') AS dialed,
  countIf(type = 'call.answered') AS answered_n,
  countIf(type = 'call.ended' AND e.answered) AS ended,
  countIf(type = 'call.ended' AND e.answered AND hangup_by = 'customer' AND talk_seconds < {earlyHangupSeconds:Float64}) AS earlyHangups,
  countIf(type = 'call.ended' AND e.answered AND talk_seconds >= {effectiveSeconds:Float64}) AS effective,
  countIf(type = 'call.outcome' AND outcome = 'sale') AS sales,
  countIf(type = 'call.outcome' AND outcome = 'lead') AS leads,
  uniqExactIf(call_id, type = 'compliance.flag' AND severity = 'violation') AS violations,
  countIf(type = 'compliance.flag' AND severity = 'reminder') AS reminders,
  countIf(type = 'compliance.flag' AND rule = 'complaint') AS complaints,
  sumIf(talk_seconds, type = 'call.ended' AND e.answered) AS talk`;

const SCOPE_FILTER = `multiIf({kind:String} = 'floor', true,
              {kind:String} = 'team', team_id = {id:String},
              {kind:String} = 'agent', agent_id = {id:String},
              channel = {id:String})`;

const RANGE_FILTER = 'ts >= fromUnixTimestamp64Milli({from:Int64}) AND ts < fromUnixTimestamp64Milli({to:Int64})';

export function seriesSql(bucket: Bucket): string {
  return `SELECT toUnixTimestamp(${BUCKET_EXPR[bucket]}) * 1000 AS t,${COUNT_COLUMNS}
FROM ${TABLES.events} AS e
WHERE ${RANGE_FILTER}
  AND ${SCOPE_FILTER}
GROUP BY t
ORDER BY t`;
}

/** Per agent over a range; the latest agent.state in the range too (the supervisor's table). */
export const AGENTS_SQL = `SELECT agent_id, any(team_id) AS team, anyIf(channel, channel != '') AS chan,
  argMaxIf(state, ts, type = 'agent.state') AS last_state,${COUNT_COLUMNS}
FROM ${TABLES.events} AS e
WHERE ${RANGE_FILTER}
  AND ({team:String} = '' OR team_id = {team:String})
GROUP BY agent_id
ORDER BY agent_id`;

export interface Thresholds { earlyHangupSeconds: number; effectiveSeconds: number }
/** What the page shows under "show SQL": the exact text and the bound values that ran. */
export interface RanSql { sql: string; params: Record<string, string | number> }
export interface SeriesPoint { t: number; counts: Counts; rates: Rates }
export interface AgentRow { agentId: string; teamId: string; channel: string; state: string; counts: Counts; rates: Rates }

function countsOf(row: Record<string, unknown>): Counts {
  const c = emptyCounts();
  for (const k of Object.keys(c) as (keyof Counts)[]) c[k] = Number(row[k] ?? 0);
  // Renamed in SQL: an alias equal to a column name would shadow the column (CONTEXT.md).
  c.answered = Number(row.answered_n ?? 0);
  c.talkSeconds = Number(row.talk ?? 0);
  return c;
}

export async function series(
  client: ClickHouseClient,
  q: { scope: Scope; fromMs: number; toMs: number; bucket: Bucket; tz: string } & Thresholds,
): Promise<RanSql & { points: SeriesPoint[] }> {
  const s = parseScope(q.scope);
  const sql = seriesSql(q.bucket);
  const params = {
    from: q.fromMs, to: q.toMs, tz: q.tz, kind: s.kind, id: 'id' in s ? s.id : '',
    earlyHangupSeconds: q.earlyHangupSeconds, effectiveSeconds: q.effectiveSeconds,
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
  q: { fromMs: number; toMs: number; teamId: string } & Thresholds,
): Promise<RanSql & { rows: AgentRow[] }> {
  const params = { from: q.fromMs, to: q.toMs, team: q.teamId, earlyHangupSeconds: q.earlyHangupSeconds, effectiveSeconds: q.effectiveSeconds };
  const rs = await client.query({ query: AGENTS_SQL, query_params: params, format: 'JSONEachRow', clickhouse_settings: SETTINGS });
  const rows = (await rs.json<Record<string, unknown>>()).map((r) => {
    const counts = countsOf(r);
    return {
      agentId: String(r.agent_id), teamId: String(r.team), channel: String(r.chan ?? ''), state: String(r.last_state ?? ''),
      counts, rates: computeRates(counts),
    };
  });
  return { sql: AGENTS_SQL, params, rows };
}
