import type { ClickHouseClient } from '@clickhouse/client';
import { NUMBER_SETTINGS } from '../storage/counts-sql.js';
import { TABLES } from '../storage/tables.js';

export interface DialRow {
  phoneHash: string;
  callId: string;
  ts: number;
  teamId: string;
  agentId: string;
  channel: 'human' | 'robot';
}

/** Dials with a phone hash and ts ≥ sinceMs: the frequency check's 24 h history survives a restart. */
export async function recentDials(client: ClickHouseClient, sinceMs: number): Promise<DialRow[]> {
  const rs = await client.query({
    query: `SELECT phone_hash, call_id, toUnixTimestamp64Milli(ts) AS ts_ms, team_id, agent_id, channel FROM ${TABLES.events}
            WHERE type = 'call.dialed' AND phone_hash != '' AND ts >= fromUnixTimestamp64Milli({since:Int64})`,
    query_params: { since: sinceMs },
    format: 'JSONCompactEachRow',
    clickhouse_settings: NUMBER_SETTINGS,
  });
  return (await rs.json<[string, string, number, string, string, string]>()).map(([phoneHash, callId, ts, teamId, agentId, channel]) => ({
    phoneHash,
    callId,
    ts: Number(ts),
    teamId,
    agentId,
    channel: channel === 'robot' ? 'robot' : 'human',
  }));
}

/** Calls with a violation flag (derived or external) and ts ≥ sinceMs: a sale on them is not celebrated. */
export async function violationCallsSince(client: ClickHouseClient, sinceMs: number): Promise<{ callId: string; ts: number }[]> {
  const rs = await client.query({
    query: `SELECT call_id, toUnixTimestamp64Milli(min(ts)) AS first_ms FROM ${TABLES.events}
            WHERE type = 'compliance.flag' AND severity = 'violation' AND ts >= fromUnixTimestamp64Milli({since:Int64})
            GROUP BY call_id`,
    query_params: { since: sinceMs },
    format: 'JSONCompactEachRow',
    clickhouse_settings: NUMBER_SETTINGS,
  });
  return (await rs.json<[string, number]>()).map(([callId, ts]) => ({ callId, ts: Number(ts) }));
}
