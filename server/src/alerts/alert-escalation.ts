import type { Alert, AlertChange } from '@floorpulse/shared';
import { EMPTY, filter, groupBy, map, mergeMap, type Observable, type SchedulerLike, switchMap, timer } from 'rxjs';
import type { Rule } from '../pipeline/rules/rule.js';

/*
 * Escalation (docs/rules.md, "Escalation"): a help request, or an alert once critical, that nobody has
 * acknowledged `escalateAfterSeconds` (rule data) after it opened is escalated: marked, chimed, and
 * sent to its team's supervisors and the floor managers (alerts-feed.ts). Snoozing counts as handling
 * it; a snooze that runs out makes it open again, and then an overdue alert escalates at once.
 */

/** When this alert escalates if it stays as it is; null: it does not (handled, already escalated, not urgent, or no such rule). */
export function escalationDue(alert: Alert, rule: Pick<Rule, 'trigger' | 'escalateAfterSeconds'> | undefined): number | null {
  if (!rule?.escalateAfterSeconds || alert.status !== 'open' || alert.escalatedAt) return null;
  if (rule.trigger !== 'help' && alert.severity !== 'critical') return null;
  return Date.parse(alert.openedAt) + rule.escalateAfterSeconds * 1000;
}

/**
 * The ids of alerts to escalate, each when its time comes by `scheduler` (virtual in tests). Every
 * change of an alert re-plans its timer: an ack or a resolve cancels it, a join that made it critical
 * starts it. A resolved alert's group ends, so the stream keeps nothing for it.
 */
export function escalations(o: {
  changes$: Observable<AlertChange>;
  ruleOf: (ruleId: string) => Rule | undefined;
  scheduler: SchedulerLike;
}): Observable<string> {
  return o.changes$.pipe(
    groupBy((c) => c.alert.id, { duration: (g) => g.pipe(filter((c) => c.alert.status === 'resolved')) }),
    mergeMap((g) =>
      g.pipe(
        switchMap(({ alert }) => {
          const due = escalationDue(alert, o.ruleOf(alert.ruleId));
          if (due === null) return EMPTY;
          return timer(Math.max(0, due - o.scheduler.now()), o.scheduler).pipe(map(() => alert.id));
        }),
      ),
    ),
  );
}
