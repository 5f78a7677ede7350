import { timingSafeEqual } from 'node:crypto';
import type { TokenRole } from '@floorpulse/shared';
import { Router } from 'express';
import type { Registry } from 'prom-client';
import { roleOf } from '../auth/tokens.js';
import { bearer } from '../http/require-role.js';

/**
 * GET /metrics in the Prometheus text format. Counters reveal the floor's volume, so it is not open:
 * the admin token, or METRICS_TOKEN (a scrape-only secret to give Prometheus instead of admin).
 */
export function metricsRoute(deps: { tokens: Record<TokenRole, string>; metricsToken: string | undefined; registry: Registry }): Router {
  const router = Router();
  router.get('/metrics', async (req, res, next) => {
    const presented = bearer(req);
    if (!presented || !(roleOf(deps.tokens, presented) === 'admin' || same(presented, deps.metricsToken))) {
      res.status(401).json({ error: 'missing or invalid token (admin or METRICS_TOKEN)' });
      return;
    }
    try {
      res.type(deps.registry.contentType).send(await deps.registry.metrics());
    } catch (e) {
      next(e);
    }
  });
  return router;
}

function same(a: string, b: string | undefined): boolean {
  if (!b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
