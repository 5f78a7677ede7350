import type { ClickHouseClient } from '@clickhouse/client';
import type { Celebration } from '@floorpulse/shared';
import type { Logger } from 'pino';
import { concat, concatMap, defer, from, of, repeat, type SchedulerLike, type Subject, type Subscription, timer } from 'rxjs';
import { insertCelebration } from '../celebrations/celebrations-repo.js';
import type { Claims } from '../cluster/claims.js';
import { localDate, periodRange } from '../goals/goal-periods.js';
import type { ScoresService } from './scores-service.js';
import { pickStar } from './star-pick.js';
import { insertStar, type StarRow, starOf } from './stars-repo.js';

/**
 * After the week closes, this long for its last events to land (a dialer's batch, a late CDR) before the
 * star is decided: a minute, like the ingest's skew allowance.
 */
export const STAR_GRACE_MS = 60_000;

/**
 * Star of the week, announced once (docs/metrics.md, "Star of the week"): at start (a week that closed while
 * the server was down) and when each week of the floor's zone closes (+ STAR_GRACE_MS). The decision is
 * stored in stars_of_week before the celebration is published, and a stored week is never decided again,
 * so a restart does not announce twice; with several processes one claim makes one process decide.
 */
export class StarAnnouncer {
  constructor(
    private readonly o: {
      client: ClickHouseClient;
      scores: ScoresService;
      scheduler: SchedulerLike;
      zone: string;
      minDials: number;
      isRobot: (agentId: string) => boolean;
      celebrations$: Subject<Celebration>;
      claims: Claims;
      log: Logger;
    },
  ) {}

  /** Decides the last closed week if no star is stored for it yet; the star, or null (nobody eligible, or already decided). */
  async check(): Promise<StarRow | null> {
    const now = this.o.scheduler.now();
    const current = periodRange('week', now - STAR_GRACE_MS, this.o.zone);
    const week = periodRange('week', current.from - 1, this.o.zone);
    const weekStart = localDate(week.from, this.o.zone);
    if (await starOf(this.o.client, weekStart)) return null;
    const key = `star:${weekStart}`;
    if (!(await this.o.claims.claim(key))) return null;
    try {
      const star = pickStar(await this.o.scores.range(week.from, week.to, this.o.zone), this.o);
      // Nobody eligible: nothing to announce and nothing stored, so a week whose calls arrive later (an
      // import after a fresh install) is decided at the next start.
      if (!star) {
        await this.o.claims.release(key);
        return null;
      }
      const row: StarRow = {
        weekStart,
        agentId: star.agentId,
        teamId: star.teamId,
        score: star.kpi.score ?? 0,
        dialed: star.counts.dialed,
        sales: star.counts.sales,
      };
      await insertStar(this.o.client, row, now);
      const c: Celebration = {
        id: key,
        kind: 'star',
        agentId: star.agentId,
        teamId: star.teamId || undefined,
        title: `Star of the week: ${star.name}`,
        detail: `KPI score ${Math.round(row.score)} for the week of ${weekStart}`,
        // The wall words it in its own language (web/src/lib/wording.ts, rule.star-of-week).
        wording: { rule: 'star-of-week', vars: { agent: star.name, score: Math.round(row.score), week: weekStart } },
        at: new Date(now).toISOString(),
      };
      await insertCelebration(this.o.client, c, 'star-of-week');
      this.o.celebrations$.next(c);
      return row;
    } catch (err) {
      await this.o.claims.release(key);
      throw err;
    }
  }

  /** Checks now, then at every week's close (+ grace) on the injected clock. */
  start(): Subscription {
    const untilNextClose = () => {
      const now = this.o.scheduler.now();
      return Math.max(0, periodRange('week', now - STAR_GRACE_MS, this.o.zone).to + STAR_GRACE_MS - now);
    };
    const ticks$ = concat(of(0), defer(() => timer(untilNextClose(), this.o.scheduler)).pipe(repeat()));
    return ticks$
      .pipe(
        concatMap(() =>
          from(
            this.check().catch((err: unknown) => {
              this.o.log.warn({ err }, 'star of the week: not decided, retried at the next check');
              return null;
            }),
          ),
        ),
      )
      .subscribe();
  }
}
