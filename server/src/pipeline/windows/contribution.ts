import type { Counts, Scope, StoredEvent } from '@floorpulse/shared';

export interface Thresholds {
  /** talk under this, hung up by the customer: an early hang-up (30 s, docs/metrics.md). */
  earlyHangupSeconds: number;
  /** talk at or over this: an effective conversation (60 s, docs/metrics.md). */
  effectiveSeconds: number;
}

/** What one event adds to the counts of its scopes; `violationCall` is counted distinct, not summed. */
export interface Contribution {
  ts: number;
  scopes: Scope[];
  delta: Partial<Counts> | null;
  violationCall: string | null;
}

/** The scopes an event belongs to: the floor, its team, its agent, and its channel when it has one. */
export function scopesOf(e: StoredEvent): Scope[] {
  return scopesFor(e.teamId, e.agentId, 'channel' in e ? e.channel : undefined);
}

/** The same for counts already grouped by (team, agent, channel). */
export function scopesFor(teamId: string, agentId: string, channel: string | undefined): Scope[] {
  const scopes: Scope[] = ['floor', `team:${teamId}`, `agent:${agentId}`];
  if (channel) scopes.push(`channel:${channel}` as Scope);
  return scopes;
}

/** The metric definitions of docs/metrics.md, event by event. */
export function contributionOf(e: StoredEvent, t: Thresholds): Contribution {
  let delta: Partial<Counts> | null = null;
  let violationCall: string | null = null;
  switch (e.type) {
    case 'call.dialed':
      delta = e.leadCallId ? { dialed: 1, hotLeadDialed: 1 } : { dialed: 1 };
      break;
    case 'call.answered':
      delta = e.leadCallId ? { answered: 1, hotLeadAnswered: 1 } : { answered: 1 };
      // AMD ran when the dialer says who answered (unknown included: it ran and could not tell).
      if (e.answeredBy !== undefined) delta.amdAnswered = 1;
      if (e.answeredBy === 'machine') delta.machineAnswered = 1;
      break;
    case 'call.ended':
      if (e.answered) {
        delta = { ended: 1, talkSeconds: e.talkSeconds };
        if (e.hangupBy === 'customer' && e.talkSeconds < t.earlyHangupSeconds) delta.earlyHangups = 1;
        if (e.talkSeconds >= t.effectiveSeconds) delta.effective = 1;
        if (e.abandoned === true) delta.abandoned = 1;
        if (e.abandoned !== undefined) delta.abandonReported = 1;
      }
      break;
    case 'call.outcome':
      if (e.outcome === 'sale') {
        delta = { sales: 1, revenue: e.amount ?? 0 };
        if (e.leadCallId) delta.hotLeadSales = 1;
      } else if (e.outcome === 'lead') delta = e.channel === 'robot' ? { leads: 1, robotLeads: 1 } : { leads: 1 };
      break;
    case 'compliance.flag':
      delta = {};
      if (e.severity === 'violation') violationCall = e.callId;
      if (e.severity === 'reminder') delta.reminders = 1;
      if (e.rule === 'complaint') delta.complaints = 1;
      break;
    case 'call.rated':
      delta = { rated: 1, satisfactionSum: e.satisfaction };
      break;
    case 'qa.scored':
      delta = { qaScored: 1, qaScriptSum: e.scriptAccuracy, qaDiscoverySum: e.needsDiscovery, qaAttitudeSum: e.attitude };
      break;
    default:
      break;
  }
  return { ts: e.ts, scopes: delta || violationCall ? scopesOf(e) : [], delta, violationCall };
}

export function addInto(target: Counts, delta: Partial<Counts>): void {
  for (const k in delta) {
    const key = k as keyof Counts;
    target[key] += delta[key] ?? 0;
  }
}
