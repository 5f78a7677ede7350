import type { ClickHouseClient } from '@clickhouse/client';
import type { DialCheckTally, DialRule } from '@floorpulse/shared';
import { TABLES } from '../storage/tables.js';
import type { CheckCountRow } from './check-counts.js';

/** One JSONEachRow insert per flush, whatever the number of minutes and teams in it. */
export async function insertCheckCounts(client: ClickHouseClient, rows: readonly CheckCountRow[]): Promise<void> {
  if (rows.length === 0) return;
  await client.insert({
    table: TABLES.dialCheckCounts,
    format: 'JSONEachRow',
    // DateTime takes epoch seconds in JSONEachRow.
    values: rows.map((r) => ({ minute: r.minute / 1000, team_id: r.teamId, result: r.result, reason: r.reason, checks: r.checks })),
  });
}

/**
 * The reference query of docs/metrics.md ("Dials stopped by the pre-dial check"): per team over [from, to).
 * Checks come from the rows with reason '' only (one per check), the reasons from the others (one per rule
 * broken), so a check refused for two rules is one refused check. sum(): SummingMergeTree may not have merged.
 * `asked`, not `checks`: an alias named like the column would shadow it inside the other sums.
 */
export const DIAL_CHECKS_SQL = `SELECT team_id,
  sumIf(checks, reason = '') AS asked,
  sumIf(checks, reason = '' AND result = 'allowed') AS allowed,
  sumIf(checks, reason = '' AND result = 'refused') AS refused,
  sumIf(checks, reason = 'outside_hours') AS outside_hours,
  sumIf(checks, reason = 'frequency_cap') AS frequency_cap,
  sumIf(checks, reason = 'no_consent') AS no_consent
FROM dial_check_counts
WHERE minute >= fromUnixTimestamp64Milli({from:Int64}) AND minute < fromUnixTimestamp64Milli({to:Int64})
  AND ({team:String} = '' OR team_id = {team:String})
GROUP BY team_id
ORDER BY team_id`;

export async function storedCheckCounts(
  client: ClickHouseClient,
  p: { from: number; to: number; team: string },
): Promise<Map<string, DialCheckTally>> {
  const rs = await client.query({ query: DIAL_CHECKS_SQL, query_params: p, format: 'JSONEachRow' });
  type Row = Record<'team_id', string> & Record<'asked' | 'allowed' | 'refused' | DialRule, string | number>;
  const out = new Map<string, DialCheckTally>();
  for (const r of await rs.json<Row>())
    out.set(r.team_id, {
      checks: Number(r.asked),
      allowed: Number(r.allowed),
      refused: Number(r.refused),
      byReason: { outside_hours: Number(r.outside_hours), frequency_cap: Number(r.frequency_cap), no_consent: Number(r.no_consent) },
    });
  return out;
}
