import type { ClickHouseClient } from '@clickhouse/client';
import { COUNT_COLUMNS, NUMBER_SETTINGS, RANGE_FILTER } from '../storage/counts-sql.js';
import { TABLES } from '../storage/tables.js';

/** Stores an admin override of a rule (the whole rule as JSON). */
export async function insertRuleOverride(client: ClickHouseClient, ruleId: string, rule: unknown, by: string, at: number): Promise<void> {
  await client.insert({
    table: TABLES.ruleOverrides,
    format: 'JSONEachRow',
    values: [{ rule_id: ruleId, at, by, rule: JSON.stringify(rule) }],
  });
}

/** The latest override of each rule id, as parsed JSON (validated by the caller). */
export async function loadRuleOverrides(client: ClickHouseClient): Promise<unknown[]> {
  const rs = await client.query({
    query: `SELECT argMax(rule, at) AS latest FROM ${TABLES.ruleOverrides} GROUP BY rule_id`,
    format: 'JSONEachRow',
  });
  return (await rs.json<{ latest: string }>()).map((r) => JSON.parse(r.latest) as unknown);
}

/** The counts of WINDOW_COUNTS_SQL (events-repo.ts), per agent and local clock hour: the hourly rules' numbers. */
const HOURLY_SQL = `
SELECT agent_id, any(team_id) AS team, toUnixTimestamp(toStartOfHour(ts, {tz:String})) * 1000 AS hour_ms,${COUNT_COLUMNS}
FROM ${TABLES.events} AS e
WHERE ${RANGE_FILTER}
GROUP BY agent_id, hour_ms`;

export interface HourlyRow {
  agentId: string;
  teamId: string;
  hourStart: number;
  counts: Record<string, number>;
}

export async function hourlyAgentCounts(
  client: ClickHouseClient,
  q: { fromMs: number; toMs: number; tz: string; earlyHangupSeconds: number; effectiveSeconds: number },
): Promise<HourlyRow[]> {
  const rs = await client.query({
    query: HOURLY_SQL,
    query_params: { from: q.fromMs, to: q.toMs, tz: q.tz, earlyHangupSeconds: q.earlyHangupSeconds, effectiveSeconds: q.effectiveSeconds },
    format: 'JSONEachRow',
    clickhouse_settings: NUMBER_SETTINGS,
  });
  return (await rs.json<Record<string, string | number>>()).map((r) => {
    const { agent_id, team, hour_ms, ...counts } = r;
    return {
      agentId: String(agent_id),
      teamId: String(team),
      hourStart: Number(hour_ms),
      counts: Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, Number(v)])),
    };
  });
}
