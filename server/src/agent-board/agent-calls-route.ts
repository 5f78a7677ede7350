import type { ClickHouseClient } from '@clickhouse/client';
import { Router } from 'express';
import type { SchedulerLike } from 'rxjs';
import type { Access } from '../auth/access.js';
import { requireRole } from '../http/require-role.js';
import { agentCalls } from './agent-calls-repo.js';

/**
 * GET /api/v1/agents/:agentId/calls: the drill-down of the supervisors' agents table, an agent's calls
 * of the last 2 hours from ClickHouse with the SQL that ran. Supervisors (and admins) only, like the
 * recording links it leads to; a scope the principal may not see is 403.
 */
export function agentCallsRoute(deps: { access: Access; client: ClickHouseClient; scheduler: SchedulerLike }): Router {
  const router = Router();
  router.get('/api/v1/agents/:agentId/calls', requireRole(deps.access, 'supervisor'), async (req, res, next) => {
    try {
      const agentId = String(req.params.agentId);
      if (agentId.length === 0 || agentId.length > 64) return void res.status(400).json({ error: 'agentId: must be 1 to 64 characters' });
      if (!req.principal || !deps.access.canSee(req.principal, `agent:${agentId}`))
        return void res.status(403).json({ error: 'agentId: not yours to see' });
      res.json(await agentCalls(deps.client, { agentId, now: deps.scheduler.now() }));
    } catch (e) {
      next(e);
    }
  });
  return router;
}
