import type { Alert, AlertEvidence, Wording } from '@floorpulse/shared';

/*
 * What may leave the server towards a browser. Built field by field from an allowlist, never by
 * spreading the input: whatever the rules stage attaches later (a phone hash, a raw event) cannot
 * reach a screen by accident.
 */

function evidenceOf(e: AlertEvidence): AlertEvidence {
  return {
    metric: e.metric,
    value: e.value,
    threshold: e.threshold,
    sample: e.sample,
    window: e.window ? { from: e.window.from, to: e.window.to } : undefined,
    callIds: e.callIds ? [...e.callIds] : undefined,
    rule: e.rule,
    message: e.message,
    count: e.count,
  };
}

/**
 * A default rule's text as data (the rule and the values of its message), for a screen to word in its
 * own language. Copied, not passed on: the values are the ones the message shows (names, numbers).
 */
export function wordingOf(w: Wording | undefined): Wording | undefined {
  return w ? { rule: w.rule, vars: { ...w.vars } } : undefined;
}

/** The full alert, evidence and call ids included: supervisor and admin screens. */
export function supervisorAlert(a: Alert): Alert {
  return {
    id: a.id,
    ruleId: a.ruleId,
    level: a.level,
    severity: a.severity,
    teamId: a.teamId,
    agentId: a.agentId,
    title: a.title,
    status: a.status,
    openedAt: a.openedAt,
    updatedAt: a.updatedAt,
    acknowledgedBy: a.acknowledgedBy,
    acknowledgedByName: a.acknowledgedByName,
    acknowledgedAt: a.acknowledgedAt,
    note: a.note,
    snoozedUntil: a.snoozedUntil,
    resolvedAt: a.resolvedAt,
    escalatedAt: a.escalatedAt,
    evidence: evidenceOf(a.evidence),
    // Without it a live card showed the server's English with the help text quoted, then the text again as evidence.
    wording: wordingOf(a.wording),
  };
}

/** A team's alert a wall may show: a metric rule's, about the team's numbers (never an event's call or a person). */
export function onTeamWall(a: Alert): a is Alert & { teamId: string } {
  return a.level === 'team' && a.teamId !== undefined && a.evidence.metric !== undefined;
}

/**
 * A floor's or a team's alert as the wall shows it: the headline numbers, how many times it fired and
 * whether it escalated, without call ids, the supervisor's note or who acted. The team's id stays: a
 * team's wall picks its own banner by it (without it the banner never showed). Agent alerts never
 * reach the wall (see alerts-feed.ts).
 */
export function wallAlert(a: Alert): Alert {
  const e = a.evidence;
  return {
    id: a.id,
    ruleId: a.ruleId,
    level: a.level,
    severity: a.severity,
    teamId: a.teamId,
    title: a.title,
    status: a.status,
    openedAt: a.openedAt,
    updatedAt: a.updatedAt,
    snoozedUntil: a.snoozedUntil,
    resolvedAt: a.resolvedAt,
    escalatedAt: a.escalatedAt,
    evidence: {
      metric: e.metric,
      value: e.value,
      threshold: e.threshold,
      window: e.window ? { from: e.window.from, to: e.window.to } : undefined,
      count: e.count,
    },
    // Floor and team metric rules' words: their values are the floor's or the team's numbers.
    wording: wordingOf(a.wording),
  };
}
