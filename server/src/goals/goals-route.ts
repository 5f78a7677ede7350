import {
  describeIssue,
  type GoalProgressAnswer,
  type GoalsAnswer,
  goalSetSchema,
  type Role,
  type Scope,
  scopeSchema,
} from '@floorpulse/shared';
import express, { Router } from 'express';
import { requireRole } from '../http/require-role.js';
import type { GoalsService } from './goals-service.js';

/** GET /api/v1/goals, PUT /api/v1/goals (admin: replaces the set), GET /api/v1/goals/progress?scope= (docs/rules.md, "Goals"). */
export function goalsRoute(deps: { tokens: Record<Role, string>; goals: GoalsService }): Router {
  const router = Router();
  router.get('/api/v1/goals', requireRole(deps.tokens, 'viewer'), (_req, res) => {
    res.json({ goals: deps.goals.list() } satisfies GoalsAnswer);
  });
  router.put('/api/v1/goals', requireRole(deps.tokens, 'admin'), express.json({ limit: '2mb' }), async (req, res) => {
    const body = goalSetSchema.safeParse(req.body);
    if (!body.success) return void res.status(400).json({ error: describeIssue(body.error) });
    res.json({ goals: await deps.goals.set(body.data.goals, req.role ?? 'admin') } satisfies GoalsAnswer);
  });
  router.get('/api/v1/goals/progress', requireRole(deps.tokens, 'viewer'), async (req, res) => {
    let scope: Scope | undefined;
    if (req.query.scope !== undefined) {
      const s = scopeSchema.safeParse(req.query.scope);
      if (!s.success) return void res.status(400).json({ error: `scope: ${s.error.issues[0]?.message ?? 'invalid'}` });
      scope = s.data;
    }
    res.json({ progress: await deps.goals.progress(scope) } satisfies GoalProgressAnswer);
  });
  return router;
}
