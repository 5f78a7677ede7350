import type { LeaderboardEntry, MeAnswer, MyPoints, Rank } from '@floorpulse/shared';
import type { SchedulerLike } from 'rxjs';
import type { CallHours } from '../compliance/compliance-checks.js';
import type { GoalsService } from '../goals/goals-service.js';
import { startOfLocalDay } from '../pipeline/time/local-day.js';
import type { WindowStore } from '../pipeline/windows/window-store.js';
import { type BoardAgents, rankAgents } from '../realtime/leaderboard.js';
import { minutesLeftToday, withPace } from './goal-pace.js';
import type { Recognition } from './recognition.js';
import { factsOf, type SuggestionBook, suggest } from './suggestions.js';

export interface MeServiceDeps {
  windows: WindowStore;
  agents: BoardAgents;
  goals: GoalsService;
  recognition: Recognition;
  book: SuggestionBook;
  callHours: CallHours;
  zone: string;
  scheduler: SchedulerLike;
  /** Today's points of an agent, from the points ledger's tally (server/src/points/points-ledger.ts). */
  points?: { mine(agentId: string, now: number): MyPoints } | undefined;
}

/**
 * One agent's /me (GET /api/v1/me and `me:update`). Every number is one the wall has already: today from
 * the live windows (the wall's exact `today`, equal to SQL over call_events for the window reported),
 * goals from the goals service, the rank in the leaderboard's order. Nothing here defines a metric.
 */
export class MeService {
  /** The floor's people in board order, computed once a second for every /me open (one pass, not one per agent). */
  private ranking: { second: number; entries: LeaderboardEntry[] } | null = null;

  constructor(private readonly d: MeServiceDeps) {}

  async answer(agentId: string): Promise<MeAnswer> {
    const now = this.d.scheduler.now();
    const teamId = this.d.agents.teamOf(agentId) ?? null;
    const mine = this.d.windows.snapshot(`agent:${agentId}`, 'today', now);
    const team = teamId === null ? null : this.d.windows.snapshot(`team:${teamId}`, 'today', now);
    const [progress, streakDays, celebrations] = await Promise.all([
      this.d.goals.progress(`agent:${agentId}`),
      this.d.recognition.streakDays(agentId, now),
      this.d.recognition.celebrationsToday(agentId, now),
    ]);
    const goals = progress.map((g) => withPace(g, now, this.d.zone, this.d.callHours));
    const minutesLeft = minutesLeftToday(now, startOfLocalDay(now, this.d.zone), this.d.zone, this.d.callHours);
    return {
      agentId,
      teamId,
      today: { from: mine.from, to: mine.to, mine, team },
      goals,
      recognition: { streakDays, celebrations, rank: this.rank(agentId, teamId, now) },
      suggestions: suggest(this.d.book, factsOf({ mine, team, goals, streakDays, minutesLeft })),
      ...(this.d.points ? { points: this.d.points.mine(agentId, now) } : {}),
    };
  }

  private rank(agentId: string, teamId: string | null, now: number): { team: Rank | null; floor: Rank | null } {
    const second = Math.floor(now / 1000);
    if (this.ranking?.second !== second)
      this.ranking = { second, entries: rankAgents(this.d.windows, this.d.agents, { scope: 'floor', metric: 'sales' }, now) };
    const floor = this.ranking.entries;
    const mates = teamId === null ? [] : floor.filter((e) => e.teamId === teamId);
    const place = (list: LeaderboardEntry[]): Rank | null => {
      const i = list.findIndex((e) => e.agentId === agentId);
      return i < 0 ? null : { rank: i + 1, of: list.length };
    };
    return { team: place(mates), floor: place(floor) };
  }
}
