import { type RatesSnapshot, scopeSchema, windowSchema } from '@floorpulse/shared';
import { Router } from 'express';
import type { SchedulerLike } from 'rxjs';
import type { Access } from '../auth/access.js';
import type { WindowStore } from '../pipeline/windows/window-store.js';
import { requireRole } from './require-role.js';

/** GET /api/v1/rates?scope=&window= — the live numbers, with the exact [from, to) they cover. */
export function ratesRoute(deps: { access: Access; windows: WindowStore; scheduler: SchedulerLike }): Router {
  const router = Router();
  router.get('/api/v1/rates', requireRole(deps.access, 'wall'), (req, res) => {
    const scope = scopeSchema.safeParse(req.query.scope ?? 'floor');
    if (!scope.success) {
      res.status(400).json({ error: `scope: ${scope.error.issues[0]?.message ?? 'invalid'}` });
      return;
    }
    const window = windowSchema.safeParse(req.query.window ?? '15m');
    if (!window.success) {
      res.status(400).json({ error: 'window: must be 15m, 1h or today' });
      return;
    }
    // A display reads its own wall, an agent their own numbers and their team's (docs/people.md).
    if (!deps.access.canSee(req.principal!, scope.data)) return void res.status(403).json({ error: 'scope: not yours to see' });
    res.json(deps.windows.snapshot(scope.data, window.data, deps.scheduler.now()) satisfies RatesSnapshot);
  });
  return router;
}
