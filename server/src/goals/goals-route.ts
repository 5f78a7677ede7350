import { describeIssue, type GoalProgressAnswer, type GoalsAnswer, goalSetSchema, type Scope, scopeSchema } from '@floorpulse/shared';
import express, { Router } from 'express';
import type { Access } from '../auth/access.js';
import { requireRole } from '../http/require-role.js';
import type { GoalsService } from './goals-service.js';

/** GET /api/v1/goals, PUT /api/v1/goals (admin: replaces the set), GET /api/v1/goals/progress?scope= (docs/rules.md, "Goals"). */
export function goalsRoute(deps: { access: Access; goals: GoalsService }): Router {
  const router = Router();
  // `wall`: goal bars are on every screen; a display or an agent gets the goals of what they may see.
  router.get('/api/v1/goals', requireRole(deps.access, 'wall'), (req, res) => {
    const p = req.principal!;
    res.json({ goals: deps.goals.list().filter((g) => deps.access.canSee(p, g.scope)) } satisfies GoalsAnswer);
  });
  router.put('/api/v1/goals', requireRole(deps.access, 'admin'), express.json({ limit: '2mb' }), async (req, res) => {
    const body = goalSetSchema.safeParse(req.body);
    if (!body.success) return void res.status(400).json({ error: describeIssue(body.error) });
    res.json({ goals: await deps.goals.set(body.data.goals, req.principal!.by) } satisfies GoalsAnswer);
  });
  router.get('/api/v1/goals/progress', requireRole(deps.access, 'wall'), async (req, res) => {
    let scope: Scope | undefined;
    if (req.query.scope !== undefined) {
      const s = scopeSchema.safeParse(req.query.scope);
      if (!s.success) return void res.status(400).json({ error: `scope: ${s.error.issues[0]?.message ?? 'invalid'}` });
      scope = s.data;
    }
    const p = req.principal!;
    if (scope === undefined ? p.limits !== null : !deps.access.canSee(p, scope))
      return void res.status(403).json({ error: 'scope: not yours to see' });
    res.json({ progress: await deps.goals.progress(scope) } satisfies GoalProgressAnswer);
  });
  return router;
}
