import type { Alert, AlertSeverity } from '@floorpulse/shared';
import type { Rule } from '../pipeline/rules/rule.js';

/*
 * Grouped alerts (docs/rules.md, "Grouped alerts"): an event rule keeps one unresolved alert per
 * (rule, subject); a new occurrence joins it as evidence instead of opening a card of its own, so a
 * supervisor sees the agent who needs them once, with how often and when last. Once the group is
 * resolved, the next occurrence opens a new group. Metric rules are grouped by their episode already
 * (one alert while the condition holds, resolved when it clears: rules/signal-sinks.ts).
 */

/** Calls kept on a group's evidence: the latest ones; the count says how many there were. */
export const GROUP_CALLS = 20;

type Subject = Pick<Alert, 'ruleId' | 'level' | 'teamId' | 'agentId'>;

/** The group an alert belongs to: its rule and the subject it is about. */
export function groupKey(a: Subject): string {
  const subject = a.level === 'floor' ? 'floor' : a.level === 'team' ? `team:${a.teamId ?? ''}` : `agent:${a.agentId ?? ''}`;
  return `${a.ruleId}|${subject}`;
}

/** The rule's severity for a group of `count` occurrences: the highest step reached, else the rule's own. */
export function severityFor(rule: Pick<Rule, 'severity' | 'severitySteps'>, count: number): AlertSeverity {
  let best: { count: number; severity: AlertSeverity } | undefined;
  for (const s of rule.severitySteps ?? []) if (count >= s.count && (!best || s.count > best.count)) best = s;
  return best?.severity ?? rule.severity;
}

const RANK: Record<AlertSeverity, number> = { info: 0, warning: 1, critical: 2 };

/**
 * The group after one more occurrence (`next`, as it would have opened on its own): the count up by
 * one, the window stretched to the new occurrence's own time, its calls added (the latest
 * GROUP_CALLS kept), its text as the headline. Severity only rises: an admin lowering a step later
 * does not quietly downgrade an open group.
 */
export function joinOccurrence(cur: Alert, next: Pick<Alert, 'title' | 'evidence' | 'wording'>, rule: Rule, at: number): Alert {
  const count = (cur.evidence.count ?? 1) + 1;
  const stepped = severityFor(rule, count);
  const severity = RANK[stepped] > RANK[cur.severity] ? stepped : cur.severity;
  const calls = [...(cur.evidence.callIds ?? []), ...(next.evidence.callIds ?? []).filter((c) => !cur.evidence.callIds?.includes(c))];
  const stamp = new Date(at).toISOString();
  // Occurrences can arrive out of order (a dialer's backlog): the window holds them all.
  const froms = [cur.evidence.window?.from ?? cur.openedAt, next.evidence.window?.from ?? stamp].sort();
  const tos = [cur.evidence.window?.to ?? cur.openedAt, next.evidence.window?.to ?? stamp].sort();
  return {
    ...cur,
    severity,
    title: next.title,
    wording: next.wording,
    updatedAt: stamp,
    evidence: {
      ...next.evidence,
      callIds: calls.length ? calls.slice(-GROUP_CALLS) : undefined,
      window: { from: froms[0]!, to: tos[1]! },
      count,
    },
  };
}
