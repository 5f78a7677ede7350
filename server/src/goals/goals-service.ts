import type { ClickHouseClient } from '@clickhouse/client';
import { type Counts, emptyCounts, type Goal, type GoalProgress, type Scope, type StoredEvent } from '@floorpulse/shared';
import type { SchedulerLike } from 'rxjs';
import { startOfLocalDay } from '../pipeline/time/local-day.js';
import { addInto, type Thresholds } from '../pipeline/windows/contribution.js';
import type { WindowStore } from '../pipeline/windows/window-store.js';
import { countsFromSql } from '../storage/events-repo.js';
import { goalId } from './goal.js';
import { periodRange } from './goal-periods.js';
import { type GoalCalendar, goalShare } from './goal-share.js';
import { insertGoalSet, loadGoals } from './goals-repo.js';

/** Goal progress, for the screens (goals-feed.ts) and GET /api/v1/goals/progress. */
export interface GoalsView {
  progress(scope?: Scope): Promise<GoalProgress[]>;
}

export interface GoalsServiceOptions {
  client: ClickHouseClient;
  scheduler: SchedulerLike;
  windows: WindowStore;
  zone: string;
  thresholds: Thresholds;
  /** Working days and calling hours: a monthly goal's daily and weekly share (goal-share.ts). */
  calendar: GoalCalendar;
}

/**
 * Goals and their progress. Exact by construction: today's part comes from the live window store
 * (which equals SQL), the days before today of a week or month from SQL over call_events. That
 * SQL part is cached until an event older than today arrives (a late event), so a wall that asks
 * every second does not hammer ClickHouse with polling (docs/rules.md, "Goals").
 */
export class GoalsService implements GoalsView {
  private goals: Goal[] = [];
  private version = 0;
  private lateVersion = 0;
  private readonly history = new Map<string, Promise<Counts>>();

  constructor(private readonly o: GoalsServiceOptions) {}

  async load(): Promise<void> {
    const { version, goals } = await loadGoals(this.o.client);
    this.version = version;
    this.goals = goals as Goal[];
  }

  list(): Goal[] {
    return [...this.goals];
  }

  /** Replaces the whole set (PUT semantics); ids default to scope:metric:period. */
  async set(goals: readonly (Omit<Goal, 'id'> & { id?: string | undefined })[], by: string): Promise<Goal[]> {
    const next = goals.map((g) => ({ ...g, id: g.id ?? goalId(g) }) as Goal);
    this.version = Math.max(this.version + 1, this.o.scheduler.now());
    await insertGoalSet(this.o.client, this.version, by, next);
    this.goals = next;
    return this.list();
  }

  /** Late events (before today) make the cached history stale. */
  noteStored(events: readonly StoredEvent[]): void {
    const today = startOfLocalDay(this.o.scheduler.now(), this.o.zone);
    if (events.some((e) => e.ts < today)) {
      this.lateVersion++;
      this.history.clear();
    }
  }

  async progress(scope?: Scope): Promise<GoalProgress[]> {
    const now = this.o.scheduler.now();
    const goals = scope ? this.goals.filter((g) => g.scope === scope) : this.goals;
    return Promise.all(goals.map((g) => this.progressOf(g, now)));
  }

  /** Whether every daily goal of an agent was met on the local day starting at `dayStart` (the streak rule). */
  async dailyGoalsMet(agentId: string, dayStart: number): Promise<boolean> {
    const goals = this.goals.filter((g) => g.scope === `agent:${agentId}` && g.period === 'day');
    if (goals.length === 0) return false;
    const to = periodRange('day', dayStart, this.o.zone).to;
    const counts = await this.countsBetween(`agent:${agentId}`, dayStart, to, this.o.scheduler.now());
    return goals.every((g) => counts[g.metric] >= g.target);
  }

  /** The daily goals of an agent met today, from the live windows (no query). */
  dailyGoalsMetToday(agentId: string): boolean {
    const goals = this.goals.filter((g) => g.scope === `agent:${agentId}` && g.period === 'day');
    if (goals.length === 0) return false;
    const { from, to } = this.o.windows.range('today', this.o.scheduler.now());
    const counts = this.o.windows.counts(`agent:${agentId}`, from, to);
    return goals.every((g) => counts[g.metric] >= g.target);
  }

  private async progressOf(g: Goal, now: number): Promise<GoalProgress> {
    const { from, to } = periodRange(g.period, now, this.o.zone);
    const value = (await this.countsBetween(g.scope, from, to, now))[g.metric];
    const share =
      g.period === 'month'
        ? goalShare({ target: g.target, value }, await this.before(g, from, now), now, this.o.zone, this.o.calendar)
        : undefined;
    return {
      goalId: g.id,
      scope: g.scope,
      metric: g.metric,
      period: g.period,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      value,
      target: g.target,
      met: value >= g.target,
      ...(share ? { share } : {}),
    };
  }

  /** A goal's value from its period's start to today's (the cached SQL part of countsBetween). */
  private async before(g: Goal, from: number, now: number): Promise<number> {
    const todayFrom = this.o.windows.range('today', now).from;
    return from < todayFrom ? (await this.sqlCounts(g.scope, from, todayFrom))[g.metric] : 0;
  }

  /** Counts over [from, to): days before today from SQL (cached), today from the live windows. */
  private async countsBetween(scope: Scope, from: number, to: number, now: number): Promise<Counts> {
    const today = this.o.windows.range('today', now);
    const out = emptyCounts();
    const histTo = Math.min(to, today.from);
    if (from < histTo) addInto(out, await this.sqlCounts(scope, from, histTo));
    if (to > today.from) addInto(out, this.o.windows.counts(scope, Math.max(from, today.from), Math.min(to, today.to)));
    // violations are distinct calls: a call flagged on both sides of midnight is counted on each day (goals are on counts people earn, rarely violations).
    return out;
  }

  private sqlCounts(scope: Scope, from: number, to: number): Promise<Counts> {
    const key = `${scope}|${from}|${to}|${this.lateVersion}`;
    let p = this.history.get(key);
    if (!p) {
      p = countsFromSql(this.o.client, {
        scope,
        fromMs: from,
        toMs: to,
        earlyHangupSeconds: this.o.thresholds.earlyHangupSeconds,
        effectiveSeconds: this.o.thresholds.effectiveSeconds,
      });
      p.catch(() => this.history.delete(key));
      if (this.history.size > 10_000) this.history.clear();
      this.history.set(key, p);
    }
    return p;
  }
}
