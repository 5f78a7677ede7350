import type { Scope } from '@floorpulse/shared';
import { from, mergeMap, type Observable, type OperatorFunction, type SchedulerLike } from 'rxjs';
import { startOfLocalDay } from '../time/local-day.js';
import type { Rule } from './rule.js';
import { isSubject, type SubjectAgents } from './subjects.js';

export interface StreakSignal {
  rule: Rule;
  agentId: string;
  /** Local midnight of the day that completed the streak. */
  dayStart: number;
  days: number;
  at: number;
}

export interface DetectStreaksOptions {
  rules: () => readonly Rule[];
  /** Every daily goal of the agent met today (live numbers, no query). */
  metToday: (agentId: string) => boolean;
  /** Every daily goal of the agent met on the local day starting at dayStart (history). */
  metOn: (agentId: string, dayStart: number) => Promise<boolean>;
  agents: SubjectAgents;
  zone: string;
  scheduler: SchedulerLike;
}

/**
 * "Daily goal met 3 days running → a streak pop-up" (docs/rules.md, "Streak"): when an agent's daily
 * goals become met today, the previous streakDays − 1 local days are checked once against history; emits one signal
 * per (rule, agent, day). A day is checked once: a late event that completes an earlier day later
 * does not re-open today's check.
 */
export function detectStreaks(o: DetectStreaksOptions): OperatorFunction<{ scopes: Iterable<Scope> }, StreakSignal> {
  const checked = new Set<string>();
  return (source) =>
    source.pipe(
      mergeMap(({ scopes }) => {
        const now = o.scheduler.now();
        const today = startOfLocalDay(now, o.zone);
        const checks: Observable<StreakSignal | null>[] = [];
        for (const rule of o.rules()) {
          if (!rule.enabled || rule.trigger !== 'streak') continue;
          for (const scope of scopes) {
            if (!isSubject(rule, scope, o.agents) || !scope.startsWith('agent:')) continue;
            const agentId = scope.slice(6);
            const key = `${rule.id}|${agentId}|${today}`;
            if (checked.has(key) || !o.metToday(agentId)) continue;
            checked.add(key);
            if (checked.size > 100_000) checked.clear();
            checks.push(
              from(
                streakBefore(o, agentId, today, (rule.streakDays ?? 3) - 1).then((ok) =>
                  ok ? { rule, agentId, dayStart: today, days: rule.streakDays ?? 3, at: now } : null,
                ),
              ),
            );
          }
        }
        return from(checks).pipe(mergeMap((c) => c));
      }),
      mergeMap((s) => (s ? [s] : [])),
    );
}

/** Every daily goal met on each of the `days` local days before `today`: the streak's definition, shared with points (server/src/points/). */
export async function streakBefore(
  o: Pick<DetectStreaksOptions, 'metOn' | 'zone'>,
  agentId: string,
  today: number,
  days: number,
): Promise<boolean> {
  let day = today;
  for (let i = 0; i < days; i++) {
    day = startOfLocalDay(day - 1, o.zone);
    if (!(await o.metOn(agentId, day))) return false;
  }
  return true;
}
