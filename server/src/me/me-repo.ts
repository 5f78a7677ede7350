import type { ClickHouseClient } from '@clickhouse/client';
import type { MyCelebration } from '@floorpulse/shared';
import { TABLES } from '../storage/tables.js';

/** An agent's celebrations in [from, to), oldest first: what the wall showed for them today. */
export async function celebrationsOf(client: ClickHouseClient, agentId: string, fromMs: number, toMs: number): Promise<MyCelebration[]> {
  const rs = await client.query({
    query: `SELECT DISTINCT id, kind, toUnixTimestamp64Milli(at) AS at_ms FROM ${TABLES.celebrations}
            WHERE agent_id = {agent:String} AND at >= fromUnixTimestamp64Milli({from:Int64}) AND at < fromUnixTimestamp64Milli({to:Int64})
            ORDER BY at_ms, id`,
    query_params: { agent: agentId, from: fromMs, to: toMs },
    format: 'JSONCompactEachRow',
    clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
  });
  return (await rs.json<[string, MyCelebration['kind'], number]>()).map(([id, kind, at]) => ({ id, kind, at: new Date(at).toISOString() }));
}

/**
 * Who closed an alert: the `by` of its resolve transition (a login, a token's role or 'system'), or
 * null when it is not resolved. The alert itself keeps only who acknowledged it; the table keeps every step.
 */
export async function resolvedBy(client: ClickHouseClient, alert: { id: string; openedAt: string }): Promise<string | null> {
  // opened_at leads the sort key: the alert's own rows are read, not the table.
  const rs = await client.query({
    query: `SELECT by FROM ${TABLES.alerts}
            WHERE opened_at = fromUnixTimestamp64Milli({opened:Int64}) AND id = {id:String} AND transition = 'resolve'
            ORDER BY seq DESC LIMIT 1`,
    query_params: { id: alert.id, opened: Date.parse(alert.openedAt) },
    format: 'JSONCompactEachRow',
  });
  return (await rs.json<[string]>())[0]?.[0] ?? null;
}
