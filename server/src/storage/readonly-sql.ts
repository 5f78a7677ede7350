import type { ClickHouseClient } from '@clickhouse/client';

/** Limits of the analyst's SQL box: enough for a report, not enough to stall the floor's database. */
export const SQL_LIMITS = {
  /** readonly=2: reads only; settings may be set by us per query but not `readonly` itself. */
  readonly: '2',
  max_result_rows: '10000',
  result_overflow_mode: 'throw',
  max_execution_time: 10,
  max_memory_usage: '1000000000',
} as const;

/** A statement refused after ClickHouse resolved it (e.g. `*` that would read phone_hash). */
export class ResolvedSqlRefusal extends Error {}

/**
 * Whether the resolved query reads phone_hash anywhere (subqueries, CTEs, `*`, COLUMNS('…')):
 * ClickHouse's own analyzer names every column it reads, so an alias cannot hide it.
 */
export async function readsPhoneHash(client: ClickHouseClient, select: string): Promise<boolean> {
  const rs = await client.query({ query: `EXPLAIN QUERY TREE ${select}`, format: 'JSONEachRow', clickhouse_settings: SQL_LIMITS });
  const lines = await rs.json<{ explain: string }>();
  return lines.some((l) => /column_name: phone_hash\b/.test(l.explain));
}

export interface SqlResult {
  columns: { name: string; type: string }[];
  rows: unknown[][];
  elapsedMs: number | null;
}

export async function runReadonly(client: ClickHouseClient, statement: string, select: string | null): Promise<SqlResult> {
  if (select !== null && (await readsPhoneHash(client, select))) {
    throw new ResolvedSqlRefusal('sql: this query reads phone_hash (perhaps through *); list the columns you need without it');
  }
  const rs = await client.query({
    query: statement,
    format: 'JSONCompact',
    clickhouse_settings: { ...SQL_LIMITS, output_format_json_quote_64bit_integers: 0 },
  });
  const body = (await rs.json()) as unknown as { meta: { name: string; type: string }[]; data: unknown[][]; statistics?: { elapsed: number } };
  // Belt and braces: a column that is still called phone_hash never leaves the server.
  const keep = body.meta.map((m, i) => (m.name.toLowerCase().includes('phone_hash') ? -1 : i)).filter((i) => i >= 0);
  return {
    columns: keep.map((i) => body.meta[i]!),
    rows: body.data.map((r) => keep.map((i) => r[i])),
    elapsedMs: body.statistics ? Math.round(body.statistics.elapsed * 1000) : null,
  };
}
