import type { ClickHouseClient } from '@clickhouse/client';
import type { Celebration } from '@floorpulse/shared';
import { TABLES } from '../storage/tables.js';

export async function insertCelebration(client: ClickHouseClient, c: Celebration, ruleId: string): Promise<void> {
  await client.insert({
    table: TABLES.celebrations,
    format: 'JSONEachRow',
    values: [
      {
        id: c.id,
        at: Date.parse(c.at),
        kind: c.kind,
        rule_id: ruleId,
        team_id: c.teamId ?? '',
        agent_id: c.agentId ?? '',
        title: c.title,
        detail: c.detail,
      },
    ],
  });
}

/** Ids of celebrations fired since `sinceMs`: the exactly-once memory is rebuilt from them at start. */
export async function celebrationIdsSince(client: ClickHouseClient, sinceMs: number): Promise<string[]> {
  const rs = await client.query({
    query: `SELECT DISTINCT id FROM ${TABLES.celebrations} WHERE at >= fromUnixTimestamp64Milli({since:Int64})`,
    query_params: { since: sinceMs },
    format: 'JSONCompactEachRow',
  });
  return (await rs.json<[string]>()).map((r) => r[0]);
}
