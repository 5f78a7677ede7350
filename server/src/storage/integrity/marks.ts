import type { ClickHouseClient } from '@clickhouse/client';
import { TABLES } from '../tables.js';

/** The names of what the integrity checks remember (table integrity_marks, migration 0009). */
export type MarkName = 'phone_hash_key' | 'agent_minute_checked_to';

/** The latest value of a mark, or null if it was never written. */
export async function readMark(client: ClickHouseClient, name: MarkName): Promise<string | null> {
  const rs = await client.query({
    query: `SELECT argMax(value, at) AS value, count() AS n FROM ${TABLES.integrityMarks} WHERE name = {name:String}`,
    query_params: { name },
    format: 'JSONEachRow',
    clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
  });
  const [row] = await rs.json<{ value: string; n: number }>();
  return row && row.n > 0 ? row.value : null;
}

export async function writeMark(client: ClickHouseClient, name: MarkName, value: string, at: number): Promise<void> {
  await client.insert({ table: TABLES.integrityMarks, values: [{ name, value, at }], format: 'JSONEachRow' });
}
