import {
  type AlertStatus,
  type AlertsAnswer,
  alertActionBodySchema,
  alertBulkRequestSchema,
  alertSnoozeBodySchema,
  describeIssue,
  hasRole,
} from '@floorpulse/shared';
import express, { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import type { Access } from '../auth/access.js';
import { supervisorTeams } from '../auth/supervisor-view.js';
import { requireRole } from '../http/require-role.js';
import { type AlertActions, AlertNotFoundError, InvalidTransitionError } from './alert-actions.js';
import { bulkAct } from './alert-bulk.js';
import { onTeamWall, wallAlert } from './alert-payloads.js';

const query = z.object({
  status: z.enum(['open', 'acknowledged', 'snoozed', 'resolved']).optional(),
  team: z.string().min(1).max(64).optional(),
  agent: z.string().min(1).max(64).optional(),
  /** `floor`: a supervisor's request for the whole floor rather than their own teams (auth/supervisor-view.ts). */
  scope: z.enum(['floor', 'mine']).optional(),
});
const bodies = { ack: alertActionBodySchema, resolve: alertActionBodySchema, snooze: alertSnoozeBodySchema };

/**
 * GET /api/v1/alerts (screens: the floor's, and the teams' metric alerts they may see, redacted as the
 * walls get them; supervisors and admins: all, a signed-in supervisor
 * their teams' unless they ask for `scope=floor`) and
 * POST /api/v1/alerts/:id/ack|resolve|snooze and POST /api/v1/alerts/bulk (supervisor or admin): docs/rules.md, "Alerts".
 */
export function alertsRoute(deps: { access: Access; alerts: AlertActions }): Router {
  const router = Router();
  router.get('/api/v1/alerts', requireRole(deps.access, 'wall'), async (req, res) => {
    const q = query.safeParse(req.query);
    if (!q.success) return void res.status(400).json({ error: describeIssue(q.error) });
    const p = req.principal!;
    const all = hasRole(p.role, 'supervisor');
    const list = await deps.alerts.list({
      status: q.data.status as AlertStatus | undefined,
      teamId: q.data.team,
      agentId: q.data.agent,
      // A wall's banner: the floor's alerts and its team's (alerts-feed.ts has the same rule live).
      levels: all ? undefined : ['floor', 'team'],
    });
    // A team's display, an agent (their limits) or a supervisor's own teams (their default view): the floor's alerts and those teams'.
    const teams = p.limits?.teams ?? supervisorTeams(p, q.data.scope);
    const mine = teams ? list.filter((a) => a.level === 'floor' || (a.teamId !== undefined && teams.includes(a.teamId))) : list;
    const visible = all ? mine : mine.filter((a) => a.level === 'floor' || onTeamWall(a)).map(wallAlert);
    res.json({ alerts: visible } satisfies AlertsAnswer);
  });
  // Before /:id/…: "bulk" is not an alert id. Each matching alert gets its own transition (alert-bulk.ts).
  router.post('/api/v1/alerts/bulk', requireRole(deps.access, 'supervisor'), express.json({ limit: '16kb' }), async (req, res) => {
    const body = alertBulkRequestSchema.safeParse(req.body ?? {});
    if (!body.success) return void res.status(400).json({ error: describeIssue(body.error) });
    const p = req.principal!;
    res.json(await bulkAct(deps.alerts, body.data, p.by, p.limits));
  });
  for (const action of ['ack', 'resolve', 'snooze'] as const) {
    router.post(
      `/api/v1/alerts/:id/${action}`,
      requireRole(deps.access, 'supervisor'),
      express.json({ limit: '16kb' }),
      async (req: Request, res: Response) => {
        const body = bodies[action].safeParse(req.body ?? {});
        if (!body.success) return void res.status(400).json({ error: describeIssue(body.error) });
        const id = String(req.params.id);
        const by = req.principal!.by;
        try {
          const b = body.data as { note?: string; minutes?: number };
          const alert =
            action === 'snooze' ? await deps.alerts.snooze(id, by, b.minutes ?? 0, b.note) : await deps.alerts[action](id, by, b.note);
          res.json(alert);
        } catch (err) {
          if (err instanceof AlertNotFoundError) return void res.status(404).json({ error: 'alert not found' });
          if (err instanceof InvalidTransitionError) return void res.status(409).json({ error: err.message });
          throw err;
        }
      },
    );
  }
  return router;
}
