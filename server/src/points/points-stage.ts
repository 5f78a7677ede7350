import type { Celebration, StoredEvent } from '@floorpulse/shared';
import type { Logger } from 'pino';
import type { Observable, SchedulerLike, Subscription } from 'rxjs';
import { localDate } from '../goals/goal-periods.js';
import { streakBefore } from '../pipeline/rules/detect-streaks.js';
import type { ViolationIndex } from '../pipeline/rules/event-rule-engine.js';
import { startOfLocalDay } from '../pipeline/time/local-day.js';
import { eventAwards } from './points-awards.js';
import type { PointsLedger } from './points-ledger.js';
import type { LedgerRow } from './points-repo.js';
import type { PointsRuleBook } from './points-rules.js';

export interface PointsStageDeps {
  stored$: Observable<readonly StoredEvent[]>;
  ledger: PointsLedger;
  rules: PointsRuleBook;
  violations: ViolationIndex;
  agents: { isRobot(agentId: string): boolean; teamOf(agentId: string): string | undefined };
  /** The goals service: the daily goal and the streak as the streak rule counts them (pipeline/rules/detect-streaks.ts). */
  goals: { dailyGoalsMetToday(agentId: string): boolean; dailyGoalsMet(agentId: string, dayStart: number): Promise<boolean> };
  effectiveSeconds: number;
  zone: string;
  scheduler: SchedulerLike;
  log: Logger;
  /** Fires a celebration once per id (celebrations/celebration-ledger.ts): a daily goal met, "+50" on every wall. */
  celebrate?: ((c: Celebration, ruleId: string) => Promise<boolean>) | undefined;
  nameOf?: ((agentId: string) => string) | undefined;
}

/**
 * Points from every stored batch, in order (docs/metrics.md, "Points"): the batch's sales, effective
 * conversations and violations, then for each of its people whose daily goals became met today
 * `dailyGoalMet:<agent>:<day>`, and when the days before make a streak of `streakDays`, `streak:<agent>:<day>`.
 * Subscribed after the rules stage, so the goals and the violation index have seen the batch.
 */
export function startPointsStage(d: PointsStageDeps): Subscription {
  // (agent, day) whose streak was checked and did not hold: once per process and day, not on every batch.
  const streakChecked = new Set<string>();
  const failed = (err: unknown) => d.log.error({ err }, 'points: writing awards failed');
  /** The awards of agents whose daily goals are met today; the streak, which reads history, is awarded when known. */
  const dailyAwards = (events: readonly StoredEvent[], now: number): LedgerRow[] => {
    const rules = d.rules.get();
    const today = startOfLocalDay(now, d.zone);
    const date = localDate(now, d.zone);
    const out: LedgerRow[] = [];
    const teams = new Map(events.map((e) => [e.agentId, e.teamId]));
    for (const [agentId, eventTeam] of teams) {
      if (d.agents.isRobot(agentId) || !d.goals.dailyGoalsMetToday(agentId)) continue;
      const teamId = d.agents.teamOf(agentId) ?? eventTeam;
      const row = (rule: LedgerRow['rule'], points: number): LedgerRow => ({
        id: `${rule}:${agentId}:${date}`,
        at: now,
        agentId,
        teamId,
        rule,
        points,
        ref: date,
      });
      if (rules.dailyGoalMet > 0 && !d.ledger.has(row('dailyGoalMet', 0).id)) out.push(row('dailyGoalMet', rules.dailyGoalMet));
      const streak = row('streak', rules.streak);
      if (rules.streak === 0 || d.ledger.has(streak.id) || streakChecked.has(streak.id)) continue;
      streakChecked.add(streak.id);
      if (streakChecked.size > 100_000) streakChecked.clear();
      streakBefore({ metOn: d.goals.dailyGoalsMet.bind(d.goals), zone: d.zone }, agentId, today, rules.streakDays - 1).then(
        (held) => (held ? d.ledger.award([streak]).catch(failed) : undefined),
        (err: unknown) => d.log.error({ err, agentId }, 'points: reading the streak failed'),
      );
    }
    return out;
  };
  /** Each daily goal met that was just awarded, celebrated once (its id is the award's day): the card says "+50". */
  const celebrateGoals = (awarded: readonly LedgerRow[]) => {
    if (!d.celebrate) return;
    for (const r of awarded) {
      if (r.rule !== 'dailyGoalMet') continue;
      const name = d.nameOf?.(r.agentId) ?? r.agentId;
      const c: Celebration = {
        id: `points-goal:agent:${r.agentId}:${r.ref}`,
        kind: 'goal',
        agentId: r.agentId,
        teamId: r.teamId,
        title: 'Daily goal met',
        detail: `${name} met every daily goal`,
        points: r.points,
        at: new Date(r.at).toISOString(),
      };
      d.celebrate(c, 'points').catch((err: unknown) => d.log.error({ err, id: c.id }, 'points: celebrating a daily goal failed'));
    }
  };
  return d.stored$.subscribe((events) => {
    // Judged now, in the order batches are stored (the violation index and the goals have just seen this one);
    // written by the ledger, which coalesces what arrives while it writes.
    const now = d.scheduler.now();
    // A robot line by the roster, or by the channel its calls carry (a line the roster does not list).
    const robots = new Set(events.flatMap((e) => ('channel' in e && e.channel === 'robot' ? [e.agentId] : [])));
    const rows = eventAwards(events, {
      rules: d.rules.get(),
      violations: d.violations,
      isRobot: (a) => robots.has(a) || d.agents.isRobot(a),
      effectiveSeconds: d.effectiveSeconds,
    });
    rows.push(...dailyAwards(events, now));
    d.ledger.award(rows).then((awarded) => celebrateGoals(awarded), failed);
  });
}
