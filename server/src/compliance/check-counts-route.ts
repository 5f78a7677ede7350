import type { ClickHouseClient } from '@clickhouse/client';
import { DIAL_RULES, type DialChecksAnswer, type DialCheckTally } from '@floorpulse/shared';
import { type Request, Router } from 'express';
import type { SchedulerLike } from 'rxjs';
import type { Access } from '../auth/access.js';
import { requireRole } from '../http/require-role.js';
import { localDayParam } from '../reports/report-week.js';
import { type CheckCounts, emptyTally } from './check-counts.js';
import { DIAL_CHECKS_SQL, storedCheckCounts } from './check-counts-repo.js';

export interface CheckCountsRouteDeps {
  access: Access;
  client: ClickHouseClient;
  counts: CheckCounts;
  flushMs: number;
  scheduler: SchedulerLike;
  /** The floor's zone (FLOOR_TZ): the day is the floor's. */
  tz: string;
  /** Names from the roster: people first on screens. */
  teamName: (id: string) => string | undefined;
}

const str = (req: Request, k: string): string | undefined => (typeof req.query[k] === 'string' ? (req.query[k] as string) : undefined);

function add(into: DialCheckTally, t: DialCheckTally): void {
  into.checks += t.checks;
  into.allowed += t.allowed;
  into.refused += t.refused;
  for (const r of DIAL_RULES) into.byReason[r] += t.byReason[r];
}

/**
 * GET /api/v1/compliance/checks?day=YYYY-MM-DD&team= (supervisor: the floor's management; analysts read the
 * table itself): how many dials the pre-dial check stopped on a floor-local day, and why, counted by the SQL
 * it answers with, plus this process's counts not yet written (docs/metrics.md, "Dials stopped by the pre-dial check").
 */
export function checkCountsRoute(deps: CheckCountsRouteDeps): Router {
  const router = Router();
  router.get('/api/v1/compliance/checks', requireRole(deps.access, 'supervisor'), async (req, res, next) => {
    try {
      const team = str(req, 'team') ?? '';
      if (!/^[^\s]{0,64}$/.test(team)) return void res.status(400).json({ error: 'team: must be a team id' });
      const now = deps.scheduler.now();
      const window = localDayParam(str(req, 'day'), now, deps.tz);
      if ('error' in window) return void res.status(400).json({ error: window.error });
      const { day } = window;
      const params = { from: window.fromMs, to: window.toMs, team };
      const { stored, pending } = await deps.counts.read(() => storedCheckCounts(deps.client, params), params);
      const teams = new Map<string, DialCheckTally>();
      const total = emptyTally();
      const pendingTotal = emptyTally();
      for (const [source, into] of [
        [stored, null],
        [pending, pendingTotal],
      ] as const)
        for (const [teamId, t] of source) {
          let row = teams.get(teamId);
          if (!row) {
            row = emptyTally();
            teams.set(teamId, row);
          }
          add(row, t);
          add(total, t);
          if (into) add(into, t);
        }
      res.json({
        tz: deps.tz,
        day,
        from: new Date(params.from).toISOString(),
        to: new Date(params.to).toISOString(),
        team,
        asOf: new Date(now).toISOString(),
        flushSeconds: deps.flushMs / 1000,
        // No check asked: nothing to count, not a count of 0 (docs/metrics.md).
        total: total.checks > 0 ? total : null,
        byTeam: [...teams]
          .map(([teamId, t]) => ({ teamId, name: deps.teamName(teamId) ?? teamId, ...t }))
          .sort((a, b) => b.refused - a.refused || a.name.localeCompare(b.name)),
        pending: pendingTotal,
        sql: DIAL_CHECKS_SQL,
        params,
      } satisfies DialChecksAnswer);
    } catch (e) {
      next(e);
    }
  });
  return router;
}
