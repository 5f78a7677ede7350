import type { ClickHouseClient } from '@clickhouse/client';
import {
  describeIssue,
  POINTS_PERIODS,
  type PointsPeriod,
  type PointsRulesAnswer,
  type PointsTotalsAnswer,
  pointsRulesSchema,
} from '@floorpulse/shared';
import express, { Router } from 'express';
import type { SchedulerLike } from 'rxjs';
import type { z } from 'zod';
import type { Access } from '../auth/access.js';
import { periodRange } from '../goals/goal-periods.js';
import { requireRole } from '../http/require-role.js';
import { pointsTotals } from './points-repo.js';
import type { PointsRuleBook } from './points-rules.js';

export interface PointsRouteDeps {
  access: Access;
  rules: PointsRuleBook;
  client: ClickHouseClient;
  scheduler: SchedulerLike;
  /** The floor's zone (FLOOR_TZ). */
  zone: string;
  /** A team's own zone when the roster gives it one. */
  teamZone(teamId: string): string | undefined;
  nameOf(agentId: string): string | undefined;
}

/**
 * GET /api/v1/points/rules (supervisors and admins), PUT /api/v1/points/rules (admin: the whole set, each
 * field validated, the first bad one named), GET /api/v1/points?scope=&period= (each person's total over the
 * period holding now, in the floor's or the team's zone: one SQL query, POINTS_TOTALS_SQL).
 */
/**
 * The first bad field and why. describeIssue says "is required" for every wrong type (zod does not report
 * the input), so a field sent as "2" would read as missing: here a field that is there gets its own message.
 */
function describeRulesIssue(body: unknown, error: z.ZodError): string {
  const issue = error.issues[0];
  const field = issue?.path.map(String).join('.') ?? '';
  const sent = typeof body === 'object' && body !== null && field in body;
  return issue && field && sent ? `${field}: ${issue.message}` : describeIssue(error);
}

export function pointsRoute(d: PointsRouteDeps): Router {
  const router = Router();
  router.get('/api/v1/points/rules', requireRole(d.access, 'supervisor'), (_req, res) => {
    res.json(d.rules.answer() satisfies PointsRulesAnswer);
  });
  router.put('/api/v1/points/rules', requireRole(d.access, 'admin'), express.json({ limit: '16kb' }), async (req, res) => {
    const body = pointsRulesSchema.safeParse(req.body);
    if (!body.success) return void res.status(400).json({ error: describeRulesIssue(req.body, body.error) });
    res.json((await d.rules.set(body.data, req.principal!.by)) satisfies PointsRulesAnswer);
  });
  router.get('/api/v1/points', requireRole(d.access, 'wall'), async (req, res) => {
    const scope = typeof req.query.scope === 'string' ? req.query.scope : 'floor';
    if (!/^(floor|team:[^\s]{1,64})$/.test(scope)) return void res.status(400).json({ error: 'scope: must be floor or team:<id>' });
    const period = (req.query.period ?? 'day') as PointsPeriod;
    if (!POINTS_PERIODS.includes(period))
      return void res.status(400).json({ error: `period: must be one of ${POINTS_PERIODS.join(', ')}` });
    if (!d.access.canSee(req.principal!, scope as PointsTotalsAnswer['scope']))
      return void res.status(403).json({ error: 'scope: not yours to see' });
    const team = scope === 'floor' ? '' : scope.slice('team:'.length);
    const zone = (team && d.teamZone(team)) || d.zone;
    const { from, to } = periodRange(period, d.scheduler.now(), zone);
    const totals = await pointsTotals(d.client, { from, to, team });
    res.json({
      scope: scope as PointsTotalsAnswer['scope'],
      period,
      zone,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      totals: totals.map((t) => ({ ...t, name: d.nameOf(t.agentId) ?? null })),
    } satisfies PointsTotalsAnswer);
  });
  return router;
}
