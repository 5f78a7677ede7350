import {
  type ContestAnswer,
  type ContestBoard,
  type ContestParticipant,
  type ContestSqlAnswer,
  type ContestsAnswer,
  contestRequestSchema,
  describeIssue,
} from '@floorpulse/shared';
import express, { Router } from 'express';
import type { Roster } from '../agents/roster.js';
import type { Access } from '../auth/access.js';
import type { Principal } from '../auth/principal.js';
import { requireRole } from '../http/require-role.js';
import { contestSqlText } from './contest-sql-text.js';
import { contestProblem } from './contest-validation.js';
import type { ContestsService } from './contests-service.js';

/**
 * GET /api/v1/contests (viewer: the history page), POST /api/v1/contests and POST /api/v1/contests/:id/cancel
 * (supervisor: for their own teams; an admin for any), GET /api/v1/contests/:id/sql (viewer: the result's SQL).
 */
export function contestsRoute(deps: { access: Access; contests: ContestsService; roster: Pick<Roster, 'agent' | 'team'> }): Router {
  const router = Router();
  const sees = (p: Principal, b: Pick<ContestBoard, 'contest'>) => b.contest.participants.every((s) => deps.access.canSee(p, s));
  // A supervisor person who looks after teams runs contests among those teams and their agents; an admin,
  // a floor supervisor (no teams named) or a supervisor token any the floor has (docs/rules.md, "Contests").
  const mayRun = (p: Principal, s: ContestParticipant): boolean => {
    if (!deps.access.canSee(p, s)) return false;
    if (p.role === 'admin' || p.kind !== 'person' || !p.teams?.length) return true;
    const id = s.slice(s.indexOf(':') + 1);
    const team = s.startsWith('team:') ? id : deps.roster.agent(id)?.teamId;
    return team !== undefined && p.teams.includes(team);
  };
  router.get('/api/v1/contests', requireRole(deps.access, 'viewer'), (req, res) => {
    // The newest 500: a year of contests at one or two a day; the table keeps every one for SQL.
    res.json({
      contests: deps.contests
        .list()
        .filter((b) => sees(req.principal!, b))
        .slice(0, 500),
    } satisfies ContestsAnswer);
  });
  router.post('/api/v1/contests', requireRole(deps.access, 'supervisor'), express.json({ limit: '64kb' }), async (req, res) => {
    const body = contestRequestSchema.safeParse(req.body);
    if (!body.success) return void res.status(400).json({ error: describeIssue(body.error) });
    const p = req.principal!;
    const problem = contestProblem(body.data, {
      now: deps.contests.now(),
      agent: (id) => deps.roster.agent(id),
      team: (id) => deps.roster.team(id),
      mayRun: (s) => mayRun(p, s),
    });
    if (problem) return void res.status(400).json({ error: problem });
    res.status(201).json({ contest: await deps.contests.create(body.data, p.by) } satisfies ContestAnswer);
  });
  router.post('/api/v1/contests/:id/cancel', requireRole(deps.access, 'supervisor'), async (req, res) => {
    const c = deps.contests.get(String(req.params.id));
    if (!c || !sees(req.principal!, { contest: c })) return void res.status(404).json({ error: 'contest: not found' });
    if (!c.participants.every((s) => mayRun(req.principal!, s)))
      return void res.status(403).json({ error: 'contest: not yours to cancel' });
    const out = await deps.contests.cancel(c.id, req.principal!.by);
    if (out === 'decided') return void res.status(409).json({ error: 'contest: decided already' });
    if (!out) return void res.status(404).json({ error: 'contest: not found' });
    res.json({ contest: out } satisfies ContestAnswer);
  });
  router.get('/api/v1/contests/:id/sql', requireRole(deps.access, 'viewer'), (req, res) => {
    const c = deps.contests.get(String(req.params.id));
    if (!c || !sees(req.principal!, { contest: c })) return void res.status(404).json({ error: 'contest: not found' });
    res.json(contestSqlText(deps.contests.resultWindow(c.id)!) satisfies ContestSqlAnswer);
  });
  return router;
}
