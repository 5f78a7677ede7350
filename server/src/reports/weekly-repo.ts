import type { ClickHouseClient } from '@clickhouse/client';
import type { RanSql, ReportStats } from '@floorpulse/shared';
import type { Thresholds } from '../pipeline/windows/contribution.js';
import { COUNT_COLUMNS, countsOf, NUMBER_SETTINGS } from '../storage/counts-sql.js';
import { TABLES } from '../storage/tables.js';
import type { WeekPair } from './report-week.js';

/** Each row counts for the floor and for its team (a row without a team for the floor only). */
const scopes = (team: string) => `arrayJoin(if(${team} = '', ['floor'], ['floor', concat('team:', ${team})]))`;
const IN_THIS = 'fromUnixTimestamp64Milli({thisFrom:Int64}) AND {AT} < fromUnixTimestamp64Milli({thisTo:Int64})';
const IN_LAST = 'fromUnixTimestamp64Milli({lastFrom:Int64}) AND {AT} < fromUnixTimestamp64Milli({lastTo:Int64})';
const inWeek = (at: string) => `(${at} >= ${IN_THIS.replace('{AT}', at)}) OR (${at} >= ${IN_LAST.replace('{AT}', at)})`;
const weekOf = (at: string) => `if(${at} >= fromUnixTimestamp64Milli({thisFrom:Int64}), 'this', 'last')`;
/** A quantile of the alerts that reached a step; NULL when none did (never a NaN passing for data). */
const q = (p: number, col: string, reached: string) =>
  `if(countIf(${reached}) = 0, NULL, quantileExactInclusiveIf(${p})(${col}, ${reached}))`;

/**
 * The weekly report in one query (docs/metrics.md, "Weekly report"): per week (this, last) and scope
 * (floor, team:<id>), the counts of the reference SQL and the help requests from `call_events`, joined
 * to the alerts opened in the week with their time to a person's first ack and resolve (as the history
 * page's response times count them: an automatic resolve is nobody's response), and to the points the
 * ledger awarded in the week (FINAL: an award counts once).
 */
export const WEEKLY_SQL = `SELECT *
FROM (
  SELECT ${weekOf('ts')} AS week, ${scopes('team_id')} AS scope, count() AS events,
    countIf(type = 'help.requested') AS helpRequests,${COUNT_COLUMNS}
  FROM ${TABLES.events} AS e
  WHERE ${inWeek('ts')}
  GROUP BY week, scope
) AS c
FULL OUTER JOIN (
  SELECT ${weekOf('opened')} AS week, ${scopes('team')} AS scope,
    count() AS alerts,
    ${q(0.5, 'ack_secs', 'acked')} AS ackP50,
    ${q(0.9, 'ack_secs', 'acked')} AS ackP90,
    ${q(0.5, 'resolve_secs', 'resolved')} AS resolveP50,
    ${q(0.9, 'resolve_secs', 'resolved')} AS resolveP90
  FROM (
    SELECT id, any(team_id) AS team, min(opened_at) AS opened,
      countIf(transition = 'ack') > 0 AS acked,
      dateDiff('millisecond', opened, minIf(at, transition = 'ack')) / 1000 AS ack_secs,
      countIf(transition = 'resolve' AND by != 'system') > 0 AS resolved,
      dateDiff('millisecond', opened, minIf(at, transition = 'resolve' AND by != 'system')) / 1000 AS resolve_secs
    FROM ${TABLES.alerts}
    WHERE ${inWeek('opened_at')}
    GROUP BY id
  )
  GROUP BY week, scope
) AS a USING (week, scope)
FULL OUTER JOIN (
  SELECT ${weekOf('at')} AS week, ${scopes('team_id')} AS scope, sum(points) AS points
  FROM ${TABLES.pointsLedger} FINAL
  WHERE ${inWeek('at')}
  GROUP BY week, scope
) AS p USING (week, scope)
ORDER BY week, scope`;

export interface WeeklyRow {
  week: 'this' | 'last';
  scope: string;
  stats: ReportStats;
}

const orNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export async function weeklyReport(client: ClickHouseClient, w: WeekPair, t: Thresholds): Promise<RanSql & { rows: WeeklyRow[] }> {
  const params = { ...w, earlyHangupSeconds: t.earlyHangupSeconds, effectiveSeconds: t.effectiveSeconds };
  const rs = await client.query({
    query: WEEKLY_SQL,
    query_params: params,
    format: 'JSONEachRow',
    // A week with alerts and no calls (or calls and no alerts) is still one row: the other side's columns are NULL.
    clickhouse_settings: { ...NUMBER_SETTINGS, join_use_nulls: 1 },
  });
  const rows = (await rs.json<Record<string, unknown>>()).map((r) => ({
    week: r.week === 'this' ? ('this' as const) : ('last' as const),
    scope: String(r.scope),
    stats: {
      counts: countsOf(r),
      helpRequests: Number(r.helpRequests ?? 0),
      alerts: Number(r.alerts ?? 0),
      ackP50: orNull(r.ackP50),
      ackP90: orNull(r.ackP90),
      resolveP50: orNull(r.resolveP50),
      resolveP90: orNull(r.resolveP90),
      points: orNull(r.points),
    },
  }));
  return { sql: WEEKLY_SQL, params, rows };
}
