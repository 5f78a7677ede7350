import type { ClickHouseClient } from '@clickhouse/client';
import type { Celebration, MyCelebration } from '@floorpulse/shared';
import type { GoalsService } from '../goals/goals-service.js';
import { startOfLocalDay, startOfNextLocalDay } from '../pipeline/time/local-day.js';
import { celebrationsOf } from './me-repo.js';

/** A streak is counted back at most this far: two months of days is recognition enough (and 60 cached queries at worst). */
const MAX_STREAK_DAYS = 60;
/**
 * An agent's celebrations are re-read from ClickHouse this often: with several processes only the one
 * that fired a celebration sees it on its stream; the table has them all.
 */
const RELOAD_MS = 60_000;
/** Agents whose lists are kept; past it the cache starts again (a floor has hundreds). */
const MAX_AGENTS = 10_000;

interface Today {
  dayStart: number;
  loadedAt: number;
  items: Map<string, MyCelebration>;
}

/**
 * What /me recognises: the streak (days in a row with every daily goal met, as the streak rule counts
 * them: pipeline/rules/detect-streaks.ts) and today's celebrations (the `celebrations` table, plus each new
 * one at once from the celebrations stream, so a page does not query ClickHouse every second).
 */
export class Recognition {
  private readonly today = new Map<string, Today>();

  constructor(private readonly o: { client: ClickHouseClient; goals: GoalsService; zone: string }) {}

  /** A celebration just fired (celebrations$): added to its agent's list if that list is held. */
  note(c: Celebration): void {
    if (!c.agentId) return;
    const held = this.today.get(c.agentId);
    const at = Date.parse(c.at);
    if (held && at >= held.dayStart && at < startOfNextLocalDay(held.dayStart, this.o.zone))
      held.items.set(c.id, { id: c.id, kind: c.kind, at: c.at });
  }

  async celebrationsToday(agentId: string, now: number): Promise<MyCelebration[]> {
    const dayStart = startOfLocalDay(now, this.o.zone);
    let held = this.today.get(agentId);
    if (!held || held.dayStart !== dayStart || now - held.loadedAt >= RELOAD_MS) {
      const loaded = await celebrationsOf(this.o.client, agentId, dayStart, startOfNextLocalDay(dayStart, this.o.zone));
      const items = new Map(loaded.map((c) => [c.id, c]));
      // One noted while the query ran is kept: celebrations are never taken back.
      const before = this.today.get(agentId);
      if (before?.dayStart === dayStart) for (const [id, c] of before.items) if (!items.has(id)) items.set(id, c);
      if (this.today.size >= MAX_AGENTS) this.today.clear();
      held = { dayStart, loadedAt: now, items };
      this.today.set(agentId, held);
    }
    return [...held.items.values()].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id.localeCompare(b.id)));
  }

  /** Days in a row up to today with every daily goal met (today counts once met); null: no daily goal to meet. */
  async streakDays(agentId: string, now: number): Promise<number | null> {
    const goals = this.o.goals.list().filter((g) => g.scope === `agent:${agentId}` && g.period === 'day');
    if (goals.length === 0) return null;
    let days = this.o.goals.dailyGoalsMetToday(agentId) ? 1 : 0;
    // A day not yet met today does not break the streak: it ends yesterday until today is over.
    let day = startOfLocalDay(now, this.o.zone);
    while (days < MAX_STREAK_DAYS) {
      day = startOfLocalDay(day - 1, this.o.zone);
      if (!(await this.o.goals.dailyGoalsMet(agentId, day))) break;
      days++;
    }
    return days;
  }
}
