import {
  describeIssue,
  type MyScoresAnswer,
  SCORE_PERIODS,
  type ScorePeriod,
  type ScoresAnswer,
  scoreWeightsSchema,
} from '@floorpulse/shared';
import express, { Router } from 'express';
import type { Access } from '../auth/access.js';
import { requireRole } from '../http/require-role.js';
import type { ScoresService } from './scores-service.js';

/**
 * The weighted scores (docs/metrics.md, "Weighted scores"):
 * - GET /api/v1/scores/weights (supervisor: the table shows the score; admin edits), PUT (admin: both scores' weights);
 * - GET /api/v1/scores?period=day|week|month (supervisor): every agent's scores with their parts;
 * - GET /api/v1/me/scores (agent): my day, week and month.
 */
export function scoresRoute(deps: { access: Access; scores: ScoresService }): Router {
  const router = Router();
  router.get('/api/v1/scores/weights', requireRole(deps.access, 'supervisor'), async (_req, res) => {
    res.json(await deps.scores.weights());
  });
  router.put('/api/v1/scores/weights', requireRole(deps.access, 'admin'), express.json({ limit: '8kb' }), async (req, res) => {
    const body = scoreWeightsSchema.safeParse(req.body);
    if (!body.success) return void res.status(400).json({ error: describeIssue(body.error) });
    res.json(await deps.scores.setWeights(body.data, req.principal!.by));
  });
  router.get('/api/v1/scores', requireRole(deps.access, 'supervisor'), async (req, res) => {
    const period = req.query.period ?? 'day';
    if (typeof period !== 'string' || !(SCORE_PERIODS as readonly string[]).includes(period))
      return void res.status(400).json({ error: `period: must be one of ${SCORE_PERIODS.join(', ')}` });
    res.json((await deps.scores.window(period as ScorePeriod)) satisfies ScoresAnswer);
  });
  router.get('/api/v1/me/scores', requireRole(deps.access, 'agent'), async (req, res) => {
    const first = Object.keys(req.query)[0];
    if (first !== undefined) return void res.status(400).json({ error: `${first}: unknown parameter (this page is always your own)` });
    const agentId = req.principal?.agentId;
    if (!agentId) return void res.status(409).json({ error: 'agentId: your user is not linked to a roster agent: ask an administrator' });
    res.json((await deps.scores.mine(agentId)) satisfies MyScoresAnswer);
  });
  return router;
}
