import express, { Router } from 'express';
import type { ClickHouseClient } from '@clickhouse/client';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Role } from '@floorpulse/shared';
import { checkSql, RefusedSqlError } from './sql-guard.js';
import { ResolvedSqlRefusal, runReadonly, SQL_LIMITS } from '../storage/readonly-sql.js';
import { requireRole } from './require-role.js';

const body = z.object({ sql: z.string() });

/**
 * POST /api/v1/sql {sql}: the analyst's read-only box (ANALYST or ADMIN). Refused statements and
 * ClickHouse's own errors (syntax, row or time limit) answer 400 with a message the analyst can act on.
 */
export function sqlRoute(deps: { tokens: Record<Role, string>; client: ClickHouseClient; log: Logger }): Router {
  const router = Router();
  router.post('/api/v1/sql', requireRole(deps.tokens, 'analyst'), express.json({ limit: '64kb' }), async (req, res) => {
    const parsed = body.safeParse(req.body);
    if (!parsed.success) return void res.status(400).json({ error: 'sql: is required' });
    try {
      const checked = checkSql(parsed.data.sql);
      const result = await runReadonly(deps.client, checked.sql, checked.select);
      res.json({ sql: checked.sql, limits: SQL_LIMITS, ...result });
    } catch (e) {
      if (e instanceof RefusedSqlError || e instanceof ResolvedSqlRefusal) return void res.status(400).json({ error: e.message });
      const message = e instanceof Error ? e.message.split('\n')[0]!.slice(0, 400) : 'query failed';
      deps.log.info({ err: message }, 'analyst sql failed');
      res.status(400).json({ error: `clickhouse: ${message}` });
    }
  });
  return router;
}
