import type { LeaderboardEntry, MeAnswer, MyPoints, MyShift, Rank } from '@floorpulse/shared';
import type { SchedulerLike } from 'rxjs';
import type { CallHours } from '../compliance/compliance-checks.js';
import type { GoalsService } from '../goals/goals-service.js';
import { localParts, localToUtc, startOfLocalDay } from '../pipeline/time/local-day.js';
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
  /** A team's configured shift end ("HH:MM") and zone, from the roster; undefined when none is set. */
  shiftOf: (teamId: string) => { end: string; zone: string } | undefined;
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
      shift: teamId === null ? null : this.shift(teamId, now),
      ...(this.d.points ? { points: this.d.points.mine(agentId, now) } : {}),
    };
  }

  /** Today's shift end of the team in its own zone, and whether it has passed (the day's summary shows after it). */
  private shift(teamId: string, now: number): MyShift | null {
    const s = this.d.shiftOf(teamId);
    if (!s) return null;
    const [h, m] = s.end.split(':').map(Number) as [number, number];
    const p = localParts(now, s.zone);
    const endsAt = localToUtc(p.year, p.month, p.day, h, m, s.zone);
    return { end: s.end, zone: s.zone, endsAt: new Date(endsAt).toISOString(), over: now >= endsAt };
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
