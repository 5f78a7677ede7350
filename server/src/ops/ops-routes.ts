import type { ClickHouseClient } from '@clickhouse/client';
import { Router } from 'express';
import type { SchedulerLike } from 'rxjs';
import type { Access } from '../auth/access.js';
import type { Secrets } from '../auth/tokens.js';
import type { Config } from '../config/config.js';
import { requireRole } from '../http/require-role.js';
import type { IngestService } from '../ingest/ingest-service.js';
import type { WindowStore } from '../pipeline/windows/window-store.js';
import type { IntegrityReport } from '../storage/integrity/integrity.js';
import { type OpsMetrics, opsMetrics } from './metrics.js';
import { metricsRoute } from './metrics-route.js';
import { reconcile } from './reconcile.js';

export interface Ops {
  router: Router;
  metrics: OpsMetrics;
}

/** Operations over HTTP: GET /metrics (Prometheus) and GET /api/v1/reconcile (admin: live vs SQL). */
export function opsRoutes(deps: {
  config: Config;
  secrets: Secrets;
  client: ClickHouseClient;
  ingest: IngestService;
  windows: WindowStore;
  scheduler: SchedulerLike;
  integrity: IntegrityReport;
  access: Access;
}): Ops {
  const metrics = opsMetrics({ ingest: deps.ingest, windows: deps.windows, scheduler: deps.scheduler, integrity: deps.integrity });
  const router = Router();
  router.use(metricsRoute({ tokens: deps.secrets.tokens, metricsToken: deps.config.METRICS_TOKEN, registry: metrics.registry }));
  // Server-side because chDB binds one data directory per process: a separate CLI could not open it.
  router.get('/api/v1/reconcile', requireRole(deps.access, 'admin'), async (_req, res, next) => {
    try {
      res.json(
        await reconcile({
          client: deps.client,
          windows: deps.windows,
          now: () => deps.scheduler.now(),
          earlyHangupSeconds: deps.config.EARLY_HANGUP_SECONDS,
          effectiveSeconds: deps.config.EFFECTIVE_SECONDS,
        }),
      );
    } catch (e) {
      next(e);
    }
  });
  return { router, metrics };
}
