import type { ClickHouseClient } from '@clickhouse/client';
import { TABLES } from './tables.js';

/**
 * The team of every agent seen since `sinceMs` (its latest one, should it have moved): team
 * leaderboards need it after a restart, before the agent's next event arrives.
 */
export async function agentTeams(client: ClickHouseClient, sinceMs: number): Promise<Map<string, string>> {
  const rs = await client.query({
    query: `SELECT agent_id, argMax(team_id, ts) AS team FROM ${TABLES.events} WHERE ts >= fromUnixTimestamp64Milli({since:Int64}) GROUP BY agent_id`,
    query_params: { since: sinceMs },
    format: 'JSONCompactEachRow',
  });
  return new Map(await rs.json<[string, string]>());
}
