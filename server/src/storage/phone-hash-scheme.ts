import type { ClickHouseClient } from '@clickhouse/client';
import { TABLES } from './tables.js';

/** The migration that switched phone hashes to the E.164 number (docs/data-model.md, "Phone hashes"). */
export const E164_HASHES_MIGRATION = '0008_phone_hash_e164.sql';

/** Thrown when the migration is not recorded: migrate() runs first, so the database is not what it says. */
export class PhoneHashSchemeError extends Error {}

/** When phone hashes became HMACs of the E.164 number: when migration 0008 was applied (epoch ms). */
export async function e164HashesSince(client: ClickHouseClient): Promise<number> {
  const rs = await client.query({
    query: `SELECT toUnixTimestamp64Milli(min(applied_at)) AS since, count() AS n FROM ${TABLES.migrations} WHERE name = {name:String}`,
    query_params: { name: E164_HASHES_MIGRATION },
    format: 'JSONEachRow',
    clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
  });
  const [row] = await rs.json<{ since: number; n: number }>();
  if (!row || Number(row.n) === 0)
    throw new PhoneHashSchemeError(`migration ${E164_HASHES_MIGRATION} is not recorded in ${TABLES.migrations}`);
  return Number(row.since);
}
