import type { ClickHouseClient } from '@clickhouse/client';

export const MAX_ROWS = 10_000;
export const MAX_SECONDS = 10;

/**
 * Limits of the analyst's SQL box: enough for a report, not enough to stall the floor's database.
 * The overflow modes are `break` (stop and return what was read, marked truncated), not `throw`:
 * on the embedded chDB connection a query that fails after it started writing output leaves that
 * output to be read as the NEXT query's answer (seen on chDB 26.7 with max_result_rows + throw).
 */
export const SQL_LIMITS = {
  /** readonly=2: reads only; settings may be set by us per query but not `readonly` itself. */
  readonly: '2',
  max_result_rows: String(MAX_ROWS),
  result_overflow_mode: 'break',
  max_execution_time: MAX_SECONDS,
  timeout_overflow_mode: 'break',
  max_memory_usage: '1000000000',
} as const;

/**
 * The limits as a SETTINGS clause of the statement itself, not as `clickhouse_settings`: the embedded
 * chDB connection turns those into session-wide `SET`s (chdb-node 3.4 applySettings), so `readonly`
 * would stay on for every later insert of the server (seen: ingest answering 503, code 164) and the
 * row limit would cut the server's own queries. A clause applies to this one statement only, on
 * chDB and on a server alike. On its own line, so a trailing `-- comment` cannot swallow it.
 */
export const SETTINGS_CLAUSE = `\nSETTINGS ${Object.entries({ ...SQL_LIMITS, output_format_json_quote_64bit_integers: 0 })
  .map(([k, v]) => `${k} = ${typeof v === 'number' ? v : `'${v}'`}`)
  .join(', ')}`;

/** A statement refused after ClickHouse resolved it (e.g. `*` that would read phone_hash). */
export class ResolvedSqlRefusal extends Error {}

/**
 * Whether the resolved query reads phone_hash anywhere (subqueries, CTEs, `*`, COLUMNS('…')):
 * ClickHouse's own analyzer names every column it reads, so an alias cannot hide it.
 */
export async function readsPhoneHash(client: ClickHouseClient, select: string): Promise<boolean> {
  const rs = await client.query({ query: `EXPLAIN QUERY TREE ${select}${SETTINGS_CLAUSE}`, format: 'JSONEachRow' });
  const lines = await rs.json<{ explain: string }>();
  return lines.some((l) => /column_name: phone_hash\b/.test(l.explain));
}

/**
 * On the embedded chDB session a query that fails after it started writing output (e.g. throwIf on
 * row 7000) leaves that partial output to be returned as the NEXT query's answer (chDB 26.7 /
 * chdb-node 3.4). An analyst can trigger that at will, so after a failure a throwaway query takes
 * the leftover before any other part of the server reads garbage. (The root cause is in chDB; see docs/web.md.)
 */
async function drain(client: ClickHouseClient): Promise<void> {
  try {
    await (await client.query({ query: 'SELECT 1', format: 'JSONEachRow' })).text();
  } catch {
    // Nothing to take, or the store is down: the original error is what the analyst needs.
  }
}

export interface SqlResult {
  columns: { name: string; type: string }[];
  rows: unknown[][];
  elapsedMs: number | null;
  /** The row or time limit stopped the query: the rows are a prefix of the answer. */
  truncated: boolean;
}

export async function runReadonly(client: ClickHouseClient, statement: string, select: string | null): Promise<SqlResult> {
  let rs;
  try {
    if (select !== null && (await readsPhoneHash(client, select))) {
      throw new ResolvedSqlRefusal('sql: this query reads phone_hash (perhaps through *); list the columns you need without it');
    }
    rs = await client.query({ query: `${statement}${SETTINGS_CLAUSE}`, format: 'JSONCompact' });
  } catch (err) {
    if (!(err instanceof ResolvedSqlRefusal)) await drain(client);
    throw err;
  }
  const body = (await rs.json()) as unknown as { meta: { name: string; type: string }[]; data: unknown[][]; statistics?: { elapsed: number } };
  // Belt and braces: a column that is still called phone_hash never leaves the server.
  const keep = body.meta.map((m, i) => (m.name.toLowerCase().includes('phone_hash') ? -1 : i)).filter((i) => i >= 0);
  const elapsed = body.statistics?.elapsed ?? null;
  // `break` stops at a block boundary, so a few more rows than the limit may come: cut them.
  const truncated = body.data.length >= MAX_ROWS || (elapsed !== null && elapsed >= MAX_SECONDS);
  return {
    columns: keep.map((i) => body.meta[i]!),
    rows: body.data.slice(0, MAX_ROWS).map((r) => keep.map((i) => r[i])),
    elapsedMs: elapsed === null ? null : Math.round(elapsed * 1000),
    truncated,
  };
}
