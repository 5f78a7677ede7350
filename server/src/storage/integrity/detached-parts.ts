import type { ClickHouseClient } from '@clickhouse/client';

export interface DetachedPart {
  table: string;
  name: string;
  /** ClickHouse's reason: broken-on-start, broken, unexpected, covered-by-broken, … ('' when detached by hand). */
  reason: string;
}

/**
 * Parts of FloorPulse's tables that ClickHouse set aside. A part found corrupt at start is detached
 * without a word and its rows are simply gone from every answer (and their ids no longer deduplicated):
 * FloorPulse never detaches a part itself, so any here means data is missing.
 */
export async function detachedParts(client: ClickHouseClient, database: string): Promise<DetachedPart[]> {
  const rs = await client.query({
    query: 'SELECT table, name, reason FROM system.detached_parts WHERE database = {database:String} ORDER BY table, name',
    query_params: { database },
    format: 'JSONEachRow',
  });
  return rs.json<DetachedPart>();
}
