import type { ClickHouseClient } from '@clickhouse/client';
import { type AgentsAnswer, HISTORY_BUCKETS, type SeriesAnswer, scopeSchema } from '@floorpulse/shared';
import { type Request, Router } from 'express';
import type { SchedulerLike } from 'rxjs';
import { z } from 'zod';
import type { Access } from '../auth/access.js';
import { supervisorTeams } from '../auth/supervisor-view.js';
import { requireRole } from '../http/require-role.js';
import { localParts, localToUtc, startOfLocalDay } from '../pipeline/time/local-day.js';
import type { Thresholds } from '../pipeline/windows/contribution.js';
import { agents, series } from './history-repo.js';

export interface HistoryDeps extends Thresholds {
  access: Access;
  client: ClickHouseClient;
  scheduler: SchedulerLike;
  tz: string;
}

const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD');
const rangeQuery = z.object({
  range: z.enum(['today', '7d', '30d', 'custom']).default('today'),
  /** Floor-local dates, both included (custom range). */
  from: localDate.optional(),
  to: localDate.optional(),
  /** Move the range this many local days back: week over week is shift=7. */
  shift: z.coerce.number().int().min(0).max(400).default(0),
});

/** A local calendar date moved by `days`, at local midnight (DST-safe: through wall-clock parts). */
function localMidnight(year: number, month: number, day: number, days: number, tz: string): number {
  const d = new Date(Date.UTC(year, month - 1, day + days));
  return localToUtc(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), 0, 0, tz);
}

export class BadRangeError extends Error {}

/** [from, to) of a range in the floor's zone; "today" and the last N days end now. */
export function resolveRange(query: unknown, now: number, tz: string): { fromMs: number; toMs: number } {
  const parsed = rangeQuery.safeParse(query);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new BadRangeError(`${i?.path.join('.') || 'range'}: ${i?.message ?? 'invalid'}`);
  }
  const { range, from, to, shift } = parsed.data;
  let fromMs: number;
  let toMs: number;
  if (range === 'custom') {
    if (!from || !to) throw new BadRangeError('from, to: are required for a custom range');
    const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
    const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
    fromMs = localMidnight(fy, fm, fd, 0, tz);
    toMs = localMidnight(ty, tm, td, 1, tz);
    if (toMs <= fromMs) throw new BadRangeError('to: must not be before from');
    if (toMs - fromMs > 400 * 86_400_000) throw new BadRangeError('range: at most 400 days');
  } else {
    const days = range === 'today' ? 0 : range === '7d' ? 6 : 29;
    const p = localParts(startOfLocalDay(now, tz), tz);
    fromMs = localMidnight(p.year, p.month, p.day, -days, tz);
    toMs = now;
  }
  if (shift > 0) {
    const f = localParts(fromMs, tz);
    const span = toMs - fromMs;
    fromMs = localMidnight(f.year, f.month, f.day, -shift, tz);
    toMs = fromMs + span;
  }
  return { fromMs, toMs };
}

function fail(res: import('express').Response, e: unknown): boolean {
  if (e instanceof BadRangeError) {
    res.status(400).json({ error: e.message });
    return true;
  }
  return false;
}

const str = (req: Request, k: string): string | undefined => (typeof req.query[k] === 'string' ? (req.query[k] as string) : undefined);

/**
 * History for the analyst page and the wall's initial trends. Every answer carries the SQL and the
 * bound parameters it ran, so "show SQL" shows exactly what produced the chart.
 */
export function historyRoute(deps: HistoryDeps): Router {
  const router = Router();
  const thresholds = { earlyHangupSeconds: deps.earlyHangupSeconds, effectiveSeconds: deps.effectiveSeconds };

  // `wall`: the wall draws its trends from here; a display and an agent only for what they may see.
  router.get('/api/v1/history/series', requireRole(deps.access, 'wall'), async (req, res, next) => {
    try {
      const scope = scopeSchema.safeParse(str(req, 'scope') ?? 'floor');
      if (!scope.success) return void res.status(400).json({ error: `scope: ${scope.error.issues[0]?.message ?? 'invalid'}` });
      if (!deps.access.canSee(req.principal!, scope.data)) return void res.status(403).json({ error: 'scope: not yours to see' });
      const bucket = z.enum(HISTORY_BUCKETS).safeParse(str(req, 'bucket') ?? '1h');
      if (!bucket.success) return void res.status(400).json({ error: 'bucket: must be 15m, 1h or 1d' });
      const range = resolveRange(req.query, deps.scheduler.now(), deps.tz);
      const result = await series(deps.client, { ...thresholds, ...range, scope: scope.data, bucket: bucket.data, tz: deps.tz });
      res.json({
        scope: scope.data,
        bucket: bucket.data,
        tz: deps.tz,
        from: new Date(range.fromMs).toISOString(),
        to: new Date(range.toMs).toISOString(),
        ...result,
      } satisfies SeriesAnswer);
    } catch (e) {
      if (!fail(res, e)) next(e);
    }
  });

  // `wall`: a team's display rotates through its agents; it may ask for its own team only. A signed-in
  // supervisor gets the teams they look after unless they ask for one team or `scope=floor`.
  router.get('/api/v1/history/agents', requireRole(deps.access, 'wall'), async (req, res, next) => {
    try {
      const team = z
        .string()
        .max(64)
        .regex(/^[^\s]*$/)
        .safeParse(str(req, 'team') ?? '');
      if (!team.success) return void res.status(400).json({ error: 'team: must be a team id' });
      const limits = req.principal!.limits;
      if (limits && (limits.agents !== 'of-teams' || !limits.teams.includes(team.data))) {
        return void res.status(403).json({ error: 'team: not yours to see' });
      }
      const view = str(req, 'scope');
      if (view !== undefined && view !== 'floor' && view !== 'mine')
        return void res.status(400).json({ error: 'scope: must be floor or mine' });
      const range = resolveRange(req.query, deps.scheduler.now(), deps.tz);
      const teams = team.data === '' ? (supervisorTeams(req.principal!, view) ?? []) : [];
      const result = await agents(deps.client, { ...thresholds, ...range, teamId: team.data, teams });
      res.json({
        tz: deps.tz,
        from: new Date(range.fromMs).toISOString(),
        to: new Date(range.toMs).toISOString(),
        ...result,
      } satisfies AgentsAnswer);
    } catch (e) {
      if (!fail(res, e)) next(e);
    }
  });
  return router;
}
