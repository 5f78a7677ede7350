import { Router, type RequestHandler } from 'express';
import type { ClickHouseClient } from '@clickhouse/client';
import type { Logger } from 'pino';
import type { SchedulerLike } from 'rxjs';
import type { Role } from '@floorpulse/shared';
import type { Config } from '../config/config.js';
import type { AnalystSql } from '../analyst/analyst-sql.js';
import { historyRoute } from '../history/history-route.js';
import { metaRoute } from './meta-route.js';
import { sqlRoute } from '../analyst/sql-route.js';
import { staticRoute } from './static-route.js';

/** Everything the web pages need from HTTP: meta, history, the SQL box, and the built app itself. */
export function webRoutes(deps: { tokens: Record<Role, string>; client: ClickHouseClient; sql: AnalystSql | null; sqlLimit: RequestHandler; config: Config; scheduler: SchedulerLike; log: Logger }): Router {
  const router = Router();
  router.use(metaRoute({ tokens: deps.tokens, floorTz: deps.config.FLOOR_TZ, demo: deps.config.DEMO === 'on' }));
  router.use(historyRoute({
    tokens: deps.tokens, client: deps.client, scheduler: deps.scheduler, tz: deps.config.FLOOR_TZ,
    earlyHangupSeconds: deps.config.EARLY_HANGUP_SECONDS, effectiveSeconds: deps.config.EFFECTIVE_SECONDS,
  }));
  router.use(sqlRoute({ tokens: deps.tokens, sql: deps.sql, log: deps.log, limit: deps.sqlLimit }));
  router.use(staticRoute());
  return router;
}
