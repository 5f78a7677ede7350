import type { ClickHouseClient } from '@clickhouse/client';
import { Router } from 'express';
import type { IntegrityReport } from '../storage/integrity/integrity.js';

/**
 * /healthz: alive, no token, no data. /readyz: ClickHouse answers (the embedded engine is up, not
 * restarting) and the integrity checks at start found nothing wrong (their names only; the log has the
 * details). Migrations are applied before the app exists, so a served /readyz has them.
 */
export function healthRoute(deps: { client: ClickHouseClient; up: () => boolean; integrity: IntegrityReport }): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    if (!deps.integrity.ok)
      return void res.status(503).json({ status: 'not ready', integrity: deps.integrity.problems.map((p) => p.check) });
    if (!deps.up()) return void res.status(503).json({ status: 'not ready' });
    try {
      const ping = await deps.client.ping();
      const ready = deps.up() && ping.success;
      res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready' });
    } catch {
      res.status(503).json({ status: 'not ready' });
    }
  });
  return router;
}
