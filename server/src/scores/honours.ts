import type { ClickHouseClient } from '@clickhouse/client';
import { CHAMPION_PERIODS, type ChampionPeriod, type HonoursAnswer, type StreakInProgress } from '@floorpulse/shared';
import type { SchedulerLike } from 'rxjs';
import type { AgentLookup } from '../agents/agent-directory.js';
import { localDate, periodRange } from '../goals/goal-periods.js';
import type { GoalsService } from '../goals/goals-service.js';
import { Recognition } from '../me/recognition.js';
import { localToUtc } from '../pipeline/time/local-day.js';
import { type ChampionTotals, championRange, championTotals, pickChampions } from './champions.js';
import { latestStars, type StarRow } from './stars-repo.js';

/** Walls ask every minute; one answer serves them all for this long. */
const CACHE_MS = 30_000;
/** The stars of the last this many weeks (the current one first). */
const STARS_SHOWN = 4;

interface Raw {
  stars: StarRow[];
  totals: { period: ChampionPeriod; from: number; to: number; rows: ChampionTotals[] }[];
  streaks: StreakInProgress[];
}

/**
 * The honour roll (docs/metrics.md, "Recognition"): stars, champions and streaks. The floor's are read
 * once per CACHE_MS; each screen gets those of the people it may see (a team's TV: its team's champions).
 */
export class Honours {
  private cached: { at: number; raw: Promise<Raw> } | null = null;
  private readonly recognition: Recognition;

  constructor(
    private readonly o: { client: ClickHouseClient; agents: AgentLookup; goals: GoalsService; scheduler: SchedulerLike; zone: string },
  ) {
    this.recognition = new Recognition({ client: o.client, goals: o.goals, zone: o.zone });
  }

  async answer(visible: (agentId: string) => boolean): Promise<HonoursAnswer> {
    const now = this.o.scheduler.now();
    if (!this.cached || now - this.cached.at >= CACHE_MS || now < this.cached.at) {
      const raw = this.read(now);
      this.cached = { at: now, raw };
      raw.catch(() => {
        if (this.cached?.raw === raw) this.cached = null;
      });
    }
    const at = this.cached.at;
    const { stars, totals, streaks } = await this.cached.raw;
    const { zone, agents } = this.o;
    const iso = (ms: number) => new Date(ms).toISOString();
    return {
      zone,
      at: iso(at),
      stars: stars
        .filter((s) => visible(s.agentId))
        .map((s) => {
          const [y, m, d] = s.weekStart.split('-').map(Number) as [number, number, number];
          const end = periodRange('week', localToUtc(y, m, d, 12, 0, zone), zone).to;
          return {
            weekStart: s.weekStart,
            weekEnd: localDate(end, zone),
            agentId: s.agentId,
            name: agents.nameOf(s.agentId),
            teamId: s.teamId,
            score: s.score,
          };
        }),
      champions: totals.map((t) => ({
        period: t.period,
        from: iso(t.from),
        to: iso(t.to),
        by: pickChampions(
          t.rows.filter((r) => visible(r.agentId)),
          agents,
        ),
      })),
      streaks: streaks.filter((s) => visible(s.agentId)),
    };
  }

  private async read(now: number): Promise<Raw> {
    const [stars, totals, streaks] = await Promise.all([
      latestStars(this.o.client, STARS_SHOWN),
      Promise.all(
        CHAMPION_PERIODS.map(async (period) => {
          const { from, to } = championRange(period, now, this.o.zone);
          return { period, from, to, rows: await championTotals(this.o.client, from, to) };
        }),
      ),
      this.streaks(now),
    ]);
    return { stars, totals, streaks };
  }

  /** People with a daily goal and a streak of 2 days or more, longest first (then by name). */
  private async streaks(now: number): Promise<StreakInProgress[]> {
    const ids = [
      ...new Set(this.o.goals.list().flatMap((g) => (g.period === 'day' && g.scope.startsWith('agent:') ? [g.scope.slice(6)] : []))),
    ];
    const people = ids.filter((id) => !this.o.agents.isRobot(id));
    const days = await Promise.all(people.map((id) => this.recognition.streakDays(id, now)));
    return people
      .map((agentId, i) => ({
        agentId,
        name: this.o.agents.nameOf(agentId),
        teamId: this.o.agents.teamOf(agentId) ?? '',
        days: days[i] ?? 0,
      }))
      .filter((s) => s.days >= 2)
      .sort((a, b) => b.days - a.days || a.name.localeCompare(b.name));
  }
}
