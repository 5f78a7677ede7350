import { Router } from 'express';
import type { ClickHouseClient } from '@clickhouse/client';

/** /healthz: alive, no token, no data. /readyz: ClickHouse answers and migrations are applied. */
export function healthRoute(deps: { client: ClickHouseClient; migrated: () => boolean }): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    try {
      const ping = await deps.client.ping();
      const ready = ping.success && deps.migrated();
      res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready' });
    } catch {
      res.status(503).json({ status: 'not ready' });
    }
  });
  return router;
}
