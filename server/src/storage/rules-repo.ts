import type { ClickHouseClient } from '@clickhouse/client';
import { TABLES } from './tables.js';

/** Stores an admin override of a rule (the whole rule as JSON). */
export async function insertRuleOverride(client: ClickHouseClient, ruleId: string, rule: unknown, by: string, at: number): Promise<void> {
  await client.insert({ table: TABLES.ruleOverrides, format: 'JSONEachRow', values: [{ rule_id: ruleId, at, by, rule: JSON.stringify(rule) }] });
}

/** The latest override of each rule id, as parsed JSON (validated by the caller). */
export async function loadRuleOverrides(client: ClickHouseClient): Promise<unknown[]> {
  const rs = await client.query({
    query: `SELECT argMax(rule, at) AS latest FROM ${TABLES.ruleOverrides} GROUP BY rule_id`,
    format: 'JSONEachRow',
  });
  return (await rs.json<{ latest: string }>()).map((r) => JSON.parse(r.latest) as unknown);
}

/** Each agent's latest team: agent-level rules limited to some teams need it after a restart. */
export async function agentTeams(client: ClickHouseClient): Promise<Map<string, string>> {
  const rs = await client.query({
    query: `SELECT agent_id, argMax(team_id, ts) AS team FROM ${TABLES.events} GROUP BY agent_id`,
    format: 'JSONCompactEachRow',
  });
  return new Map(await rs.json<[string, string]>());
}

/** The counts of WINDOW_COUNTS_SQL (events-repo.ts), per agent and local clock hour: the hourly rules' numbers. */
const HOURLY_SQL = `
SELECT agent_id, any(team_id) AS team, toUnixTimestamp(toStartOfHour(ts, {tz:String})) * 1000 AS hour_ms,
  countIf(type = 'call.dialed') AS dialed,
  countIf(type = 'call.answered') AS answered,
  countIf(type = 'call.ended' AND e.answered) AS ended,
  countIf(type = 'call.ended' AND e.answered AND hangup_by = 'customer' AND talk_seconds < {earlyHangupSeconds:Float64}) AS earlyHangups,
  countIf(type = 'call.ended' AND e.answered AND talk_seconds >= {effectiveSeconds:Float64}) AS effective,
  countIf(type = 'call.outcome' AND outcome = 'sale') AS sales,
  countIf(type = 'call.outcome' AND outcome = 'lead') AS leads,
  uniqExactIf(call_id, type = 'compliance.flag' AND severity = 'violation') AS violations,
  countIf(type = 'compliance.flag' AND severity = 'reminder') AS reminders,
  countIf(type = 'compliance.flag' AND rule = 'complaint') AS complaints,
  sumIf(talk_seconds, type = 'call.ended' AND e.answered) AS talkSeconds
FROM ${TABLES.events} AS e
WHERE ts >= fromUnixTimestamp64Milli({from:Int64}) AND ts < fromUnixTimestamp64Milli({to:Int64})
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
    clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
  });
  return (await rs.json<Record<string, string | number>>()).map((r) => {
    const { agent_id, team, hour_ms, ...counts } = r;
    return { agentId: String(agent_id), teamId: String(team), hourStart: Number(hour_ms), counts: Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, Number(v)])) };
  });
}
