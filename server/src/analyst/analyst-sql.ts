import { randomUUID } from 'node:crypto';
import type { ClickHouseClient } from '@clickhouse/client';

/** The analysts' limits as ClickHouse enforces them (deploy/clickhouse/users.d, profile floorpulse_analyst). */
export const LIMIT_SETTINGS = [
  'readonly',
  'max_execution_time',
  'max_result_rows',
  'max_result_bytes',
  'max_memory_usage',
  'max_threads',
  'max_concurrent_queries_for_user',
] as const;
export type AnalystLimits = Record<(typeof LIMIT_SETTINGS)[number], string>;

export interface SqlResult {
  /** The limits in force for this statement, as ClickHouse reports them. */
  limits: AnalystLimits;
  columns: { name: string; type: string }[];
  rows: unknown[][];
  elapsedMs: number | null;
  /** The row or size limit stopped the query: the rows are a prefix of the answer (a time limit is an error instead). */
  truncated: boolean;
}

/** ClickHouse refused the statement (syntax, grants, readonly, a constraint): safe to show the analyst. */
export class AnalystSqlError extends Error {
  constructor(
    message: string,
    readonly busy: boolean,
  ) {
    super(message);
  }
}

/**
 * Functions that read a path of the machine with no grant to check: the scalar file() (the table
 * function file() needs READ ON FILE, which the analyst lacks) and catboostEvaluate() (a model file).
 * A ClickHouse server confines them to user_files_path; the embedded engine (clickhouse-local) does not.
 */
const PATH_READERS = new Set(['file', 'catboostevaluate']);

/** Codes that mean "too many of your queries at once" (max_concurrent_queries_for_user): a 429, not a 400. */
const BUSY_CODES = new Set(['202']);

/**
 * The analyst's SQL, run as the analysts' own ClickHouse user. Access is ClickHouse's: that user
 * reads only the views of analyst_<database> (no phone_hash anywhere), in a readonly profile whose
 * limits are constraints, with no grant on file(), url() or any other way out; the HTTP interface
 * runs one statement per request. Nothing here filters text; the one function the embedded engine does
 * not confine is refused from ClickHouse's own parse tree (refusePathReaders).
 */
export class AnalystSql {
  private limits: Promise<AnalystLimits> | null = null;

  constructor(private readonly deps: { analyst: ClickHouseClient; app: ClickHouseClient }) {}

  /** The limits in force, read from ClickHouse itself as the analyst (so the page shows what is enforced). */
  current(): Promise<AnalystLimits> {
    this.limits ??= (async () => {
      // Setting names are the constants above, not input.
      const rs = await this.deps.analyst.query({
        query: `SELECT ${LIMIT_SETTINGS.map((n) => `toString(getSetting('${n}')) AS ${n}`).join(', ')}`,
        format: 'JSONEachRow',
      });
      const [row] = await rs.json<AnalystLimits>();
      if (!row) throw new Error('ClickHouse answered no limits');
      return row;
    })().catch((e: unknown) => {
      this.limits = null;
      throw e;
    });
    return this.limits;
  }

  /**
   * The one check that is not a grant: ClickHouse's own parse of the statement (EXPLAIN AST, as the
   * analyst: parsing only, nothing runs) must call no PATH_READERS. It reads the parse tree, so quoting,
   * escapes, comments and nesting cannot hide a call the way they hid one from a text filter.
   */
  private async refusePathReaders(statement: string, queryId: string, abort: AbortSignal): Promise<void> {
    const rs = await this.deps.analyst.query({
      query: `EXPLAIN AST ${statement}`,
      format: 'TabSeparatedRaw',
      abort_signal: abort,
      query_id: `${queryId}-ast`,
    });
    for (const line of (await rs.text()).split('\n')) {
      const fn = /^\s*Function (\S+)/.exec(line)?.[1]?.toLowerCase();
      if (fn && PATH_READERS.has(fn))
        throw new AnalystSqlError(
          `sql: ${fn === 'file' ? 'file' : 'catboostEvaluate'}() reads the server's own files and is not allowed`,
          false,
        );
    }
  }

  /**
   * Runs one statement. `abort` (the browser went away, or pressed Stop) kills it in ClickHouse,
   * so a query nobody waits for stops using the floor's CPU at once.
   */
  async run(statement: string, abort: AbortSignal): Promise<SqlResult> {
    const queryId = `analyst-${randomUUID()}`;
    const kill = () => void this.kill(queryId);
    abort.addEventListener('abort', kill, { once: true });
    try {
      // One after the other: each is a query of the analysts' user, who may run 2 at a time.
      const limits = await this.current();
      await this.refusePathReaders(statement, queryId, abort);
      // wait_end_of_query: the answer (at most max_result_bytes) is complete before it is sent, so a late
      // error is an HTTP error, not text after the rows, and the summary header counts what was sent.
      const rs = await this.deps.analyst.query({
        query: statement,
        format: 'JSONCompact',
        query_id: queryId,
        abort_signal: abort,
        clickhouse_settings: { wait_end_of_query: 1 },
      });
      const text = await rs.text();
      if (text.trim() === '') throw new AnalystSqlError('clickhouse: the query ended without an answer (a limit stopped it)', false);
      const body = JSON.parse(text) as { meta: { name: string; type: string }[]; data: unknown[][]; statistics?: { elapsed: number } };
      const maxRows = Number(limits.max_result_rows);
      // `break` on the byte limit can stop well short of the row limit: ClickHouse's summary says how much it sent.
      const summary = JSON.parse(String(rs.response_headers['x-clickhouse-summary'] ?? '{}')) as { result_bytes?: string };
      const cutByBytes = Number(summary.result_bytes ?? 0) >= Number(limits.max_result_bytes);
      const elapsed = body.statistics?.elapsed ?? null;
      return {
        limits,
        columns: body.meta,
        // `break` stops at a block boundary, so a few more rows than the limit may come: cut them.
        rows: body.data.slice(0, maxRows),
        elapsedMs: elapsed === null ? null : Math.round(elapsed * 1000),
        truncated: body.data.length >= maxRows || cutByBytes,
      };
    } catch (e) {
      if (e instanceof AnalystSqlError) throw e;
      if (abort.aborted) throw new AnalystSqlError('sql: stopped', false);
      const code = typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : '';
      const message = e instanceof Error ? e.message.split('\n')[0]!.slice(0, 500) : 'query failed';
      throw new AnalystSqlError(`clickhouse: ${message}`, BUSY_CODES.has(code));
    } finally {
      abort.removeEventListener('abort', kill);
    }
  }

  private async kill(queryId: string): Promise<void> {
    try {
      await this.deps.app.command({
        query: 'KILL QUERY WHERE query_id IN ({id:String}, {ast:String}) ASYNC',
        query_params: { id: queryId, ast: `${queryId}-ast` },
      });
    } catch {
      // It had finished already, or ClickHouse is down: either way it no longer runs.
    }
  }
}
