import type { ClickHouseClient } from '@clickhouse/client';
import type { ResponseGrouping, ResponseTimeRow } from '@floorpulse/shared';
import { NUMBER_SETTINGS } from '../storage/counts-sql.js';
import { TABLES } from '../storage/tables.js';

/** The key of each grouping: fixed text, no values in it (the range and zone are bound parameters). */
const KEY: Record<ResponseGrouping, string> = { supervisor: 'who', team: 'team', rule: 'rule' };

/**
 * Per alert opened in [from, to): when it opened, its first ack and its first resolve by a person
 * (an automatic resolve — the condition cleared — is nobody's response), and who did each. Each alert
 * then gives one row per step it reached, and the steps are grouped by the floor-local day it opened.
 */
export function responseTimesSql(by: ResponseGrouping): string {
  return `SELECT day, ${KEY[by]} AS key, step, count() AS n,
  quantileExactInclusive(0.5)(secs) AS p50, quantileExactInclusive(0.9)(secs) AS p90
FROM (
  SELECT toString(toDate(opened, {tz:String})) AS day, rule, team,
    tupleElement(s, 1) AS step, tupleElement(s, 2) AS who, tupleElement(s, 3) AS secs
  FROM (
    SELECT id, any(rule_id) AS rule, any(team_id) AS team, min(opened_at) AS opened,
      countIf(transition = 'ack') > 0 AS acked,
      dateDiff('millisecond', opened, minIf(at, transition = 'ack')) / 1000 AS ack_secs,
      argMinIf(by, at, transition = 'ack') AS ack_by,
      countIf(transition = 'resolve' AND by != 'system') > 0 AS resolved,
      dateDiff('millisecond', opened, minIf(at, transition = 'resolve' AND by != 'system')) / 1000 AS resolve_secs,
      argMinIf(by, at, transition = 'resolve' AND by != 'system') AS resolve_by
    FROM ${TABLES.alerts}
    WHERE opened_at >= fromUnixTimestamp64Milli({from:Int64}) AND opened_at < fromUnixTimestamp64Milli({to:Int64})
    GROUP BY id
  )
  ARRAY JOIN arrayFilter(x -> tupleElement(x, 4), [('ack', ack_by, ack_secs, acked), ('resolve', resolve_by, resolve_secs, resolved)]) AS s
)
GROUP BY day, key, step
ORDER BY day, key, step`;
}

export async function responseTimes(
  client: ClickHouseClient,
  q: { by: ResponseGrouping; fromMs: number; toMs: number; tz: string },
): Promise<{ sql: string; params: Record<string, string | number>; rows: ResponseTimeRow[] }> {
  const sql = responseTimesSql(q.by);
  const params = { from: q.fromMs, to: q.toMs, tz: q.tz };
  const rs = await client.query({ query: sql, query_params: params, format: 'JSONEachRow', clickhouse_settings: NUMBER_SETTINGS });
  const rows = (await rs.json<Record<string, unknown>>()).map((r) => ({
    day: String(r.day),
    key: String(r.key),
    step: r.step === 'resolve' ? ('resolve' as const) : ('ack' as const),
    count: Number(r.n),
    p50Seconds: Number(r.p50),
    p90Seconds: Number(r.p90),
  }));
  return { sql, params, rows };
}
