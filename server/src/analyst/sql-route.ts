import type { SqlAnswer } from '@floorpulse/shared';
import express, { type RequestHandler, Router } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Access } from '../auth/access.js';
import { requireRole } from '../http/require-role.js';
import { type AnalystSql, AnalystSqlError } from './analyst-sql.js';

const body = z.object({ sql: z.string() });
/** A report, not a dump: longer statements are refused before they reach ClickHouse. */
const MAX_SQL_CHARS = 20_000;

/**
 * POST /api/v1/sql {sql}: the analyst's box (ANALYST or ADMIN), run as the analysts' ClickHouse user
 * (analyst-sql.ts): ClickHouse's grants and constraints decide what it may read and how much.
 * Its refusals answer 400 with ClickHouse's message; too many at once, 429; no analyst user configured, 503.
 */
export function sqlRoute(deps: { access: Access; sql: AnalystSql | null; log: Logger; limit: RequestHandler }): Router {
  const router = Router();
  // `limit`: statements per role (SQL_STATEMENT_LIMIT, limits/rate-limits.ts), 429 with Retry-After past it.
  router.post('/api/v1/sql', requireRole(deps.access, 'analyst'), deps.limit, express.json({ limit: '64kb' }), async (req, res) => {
    const parsed = body.safeParse(req.body);
    if (!parsed.success) return void res.status(400).json({ error: 'sql: is required' });
    const statement = parsed.data.sql.trim();
    if (statement.length === 0) return void res.status(400).json({ error: 'sql: is empty' });
    if (statement.length > MAX_SQL_CHARS) return void res.status(400).json({ error: `sql: at most ${MAX_SQL_CHARS} characters` });
    if (!deps.sql)
      return void res.status(503).json({ error: 'sql: no analyst ClickHouse user is configured (CLICKHOUSE_ANALYST_PASSWORD)' });
    // The browser went away (closed, or pressed Stop): the query is killed in ClickHouse.
    const abort = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) abort.abort();
    });
    try {
      res.json({ sql: statement, ...(await deps.sql.run(statement, abort.signal)) } satisfies SqlAnswer);
    } catch (e) {
      if (!(e instanceof AnalystSqlError)) throw e;
      deps.log.info({ err: e.message }, 'analyst sql refused');
      res.status(e.busy ? 429 : 400).json({ error: e.message });
    }
  });
  return router;
}
