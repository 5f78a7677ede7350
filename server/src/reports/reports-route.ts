import type { ClickHouseClient } from '@clickhouse/client';
import {
  type Counts,
  computeRates,
  emptyCounts,
  type ReportStats,
  type TeamDayAnswer,
  type WeeklyReportAnswer,
  type WeekStart,
} from '@floorpulse/shared';
import { type Request, Router } from 'express';
import type { SchedulerLike } from 'rxjs';
import type { Access } from '../auth/access.js';
import { agents } from '../history/history-repo.js';
import { requireRole } from '../http/require-role.js';
import type { Thresholds } from '../pipeline/windows/contribution.js';
import { BadWeekError, localDate, localDayParam, weekPair } from './report-week.js';
import { weeklyReport } from './weekly-repo.js';

export interface ReportsDeps extends Thresholds {
  access: Access;
  client: ClickHouseClient;
  scheduler: SchedulerLike;
  tz: string;
  weekStart: WeekStart;
  /** Names from the roster: people first on every report. */
  teamName: (id: string) => string | undefined;
  agentName: (id: string) => string | undefined;
}

const str = (req: Request, k: string): string | undefined => (typeof req.query[k] === 'string' ? (req.query[k] as string) : undefined);
const iso = (ms: number) => new Date(ms).toISOString();

/** A scope's side of the report; null when the week held neither an event nor an alert of it. */
function side(rows: { week: string; scope: string; stats: ReportStats }[], week: string, scope: string): ReportStats | null {
  const r = rows.find((x) => x.week === week && x.scope === scope);
  return r ? r.stats : null;
}

function sumCounts(rows: readonly { counts: Counts }[]): Counts {
  const total = emptyCounts();
  for (const r of rows) for (const k of Object.keys(total) as (keyof Counts)[]) total[k] += r.counts[k];
  return total;
}

/** The weekly report (history page) and the supervisor's team day (docs/metrics.md, "Reports"). */
export function reportsRoute(deps: ReportsDeps): Router {
  const router = Router();
  const thresholds = { earlyHangupSeconds: deps.earlyHangupSeconds, effectiveSeconds: deps.effectiveSeconds };

  // `viewer`: the history page's readers; the report names teams, never a person.
  router.get('/api/v1/reports/weekly', requireRole(deps.access, 'viewer'), async (req, res, next) => {
    try {
      const w = weekPair(deps.scheduler.now(), deps.tz, deps.weekStart, str(req, 'week'));
      const result = await weeklyReport(deps.client, w, thresholds);
      const scopes = [...new Set(result.rows.map((r) => r.scope))].sort((a, b) =>
        a === 'floor' ? -1 : b === 'floor' ? 1 : a.localeCompare(b),
      );
      if (!scopes.includes('floor')) scopes.unshift('floor');
      res.json({
        tz: deps.tz,
        weekStart: deps.weekStart,
        thisWeek: { from: iso(w.thisFrom), to: iso(w.thisTo), startDay: localDate(w.thisFrom, deps.tz) },
        lastWeek: { from: iso(w.lastFrom), to: iso(w.lastTo), startDay: localDate(w.lastFrom, deps.tz) },
        scopes: scopes.map((scope) => ({
          scope,
          name: scope === 'floor' ? '' : (deps.teamName(scope.slice(5)) ?? scope.slice(5)),
          thisWeek: side(result.rows, 'this', scope),
          lastWeek: side(result.rows, 'last', scope),
        })),
        sql: result.sql,
        params: result.params,
      } satisfies WeeklyReportAnswer);
    } catch (e) {
      if (e instanceof BadWeekError) return void res.status(400).json({ error: e.message });
      next(e);
    }
  });

  // Named people's numbers for one day: the floor's management, not a viewer's TV nor another agent.
  router.get('/api/v1/reports/team-day', requireRole(deps.access, 'supervisor'), async (req, res, next) => {
    try {
      const team = str(req, 'team') ?? '';
      if (!/^[^\s]{1,64}$/.test(team)) return void res.status(400).json({ error: 'team: must be a team id' });
      const now = deps.scheduler.now();
      const window = localDayParam(str(req, 'day'), now, deps.tz);
      if ('error' in window) return void res.status(400).json({ error: window.error });
      const { day, fromMs, toMs } = window;
      const result = await agents(deps.client, { ...thresholds, fromMs, toMs, teamId: team });
      const rows = result.rows
        .map((r) => ({
          agentId: r.agentId,
          name: deps.agentName(r.agentId) ?? r.agentId,
          channel: r.channel,
          counts: r.counts,
          rates: r.rates,
        }))
        // People first, by name; the team's robot lines after them (their calls are in the team's total too).
        .sort((a, b) => Number(a.channel === 'robot') - Number(b.channel === 'robot') || a.name.localeCompare(b.name));
      const total = sumCounts(rows);
      res.json({
        tz: deps.tz,
        team,
        teamName: deps.teamName(team) ?? team,
        day,
        from: iso(fromMs),
        to: iso(toMs),
        rows,
        total: { counts: total, rates: computeRates(total) },
        sql: result.sql,
        params: result.params,
      } satisfies TeamDayAnswer);
    } catch (e) {
      next(e);
    }
  });
  return router;
}
