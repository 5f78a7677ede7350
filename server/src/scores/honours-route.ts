import type { HonoursAnswer } from '@floorpulse/shared';
import { Router } from 'express';
import type { Access } from '../auth/access.js';
import { requireRole } from '../http/require-role.js';
import type { Honours } from './honours.js';

/** GET /api/v1/honours (wall): the honour roll of the people the screen may see (docs/metrics.md, "Recognition"). */
export function honoursRoute(deps: { access: Access; honours: Honours }): Router {
  const router = Router();
  router.get('/api/v1/honours', requireRole(deps.access, 'wall'), async (req, res) => {
    const p = req.principal!;
    res.json((await deps.honours.answer((agentId) => deps.access.canSee(p, `agent:${agentId}`))) satisfies HonoursAnswer);
  });
  return router;
}
