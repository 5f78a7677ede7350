import type { AlertEvidence, Scope, StoredEvent } from '@floorpulse/shared';
import { isLive } from './live-horizon.js';
import { inQuietHours } from './quiet-hours.js';
import type { Rule } from './rule.js';
import { isSubject, type SubjectAgents } from './subjects.js';

const DAY = 24 * 3_600_000;

export interface EventSignal {
  rule: Rule;
  /** Stable per trigger: `<rule id>:<event id>`, so a replay can never make a second one. */
  id: string;
  subject: Scope;
  teamId: string;
  agentId: string;
  /** The event's own ts. */
  at: number;
  evidence: AlertEvidence;
  vars: Record<string, string | number | undefined>;
}

/**
 * Call ids with a violation flag (derived or external) over the last two days: a sale on such a
 * call is not celebrated (docs/rules.md, "Sale with a violation").
 */
export class ViolationIndex {
  private readonly calls = new Map<string, number>();
  add(callId: string, ts: number): void {
    if (!this.calls.has(callId)) this.calls.set(callId, ts);
  }
  has(callId: string): boolean {
    return this.calls.has(callId);
  }
  prune(now: number): void {
    for (const [id, ts] of this.calls) if (ts < now - 2 * DAY) this.calls.delete(id);
  }
}

/**
 * Event rules, at once per event: violation (any violation-severity flag, derived or external),
 * help (help.requested), sale (call.outcome sale on a call with no violation known when its batch
 * is evaluated; the flags of the same batch are taken into account first). A flag that arrives
 * after the sale does not take the celebration back (it was on screen already); it opens its own
 * violation alert naming the call. Cooldown applies per (rule, subject); quiet hours suppress. An
 * event older than the live horizon fires nothing, but its violation still spoils a later sale.
 */
export class EventRuleEngine {
  private readonly lastFired = new Map<string, number>();

  constructor(
    private readonly o: {
      rules: () => readonly Rule[];
      violations: ViolationIndex;
      zone: string;
      agents: SubjectAgents;
      /** Older events are history arriving late: they fire nothing (live-horizon.ts). */
      horizonMs: number;
    },
  ) {}

  evaluate(events: readonly StoredEvent[], now: number): EventSignal[] {
    for (const e of events) if (e.type === 'compliance.flag' && e.severity === 'violation') this.o.violations.add(e.callId, e.ts);
    const out: EventSignal[] = [];
    for (const rule of this.o.rules()) {
      if (!rule.enabled || !['violation', 'help', 'sale'].includes(rule.trigger)) continue;
      if (inQuietHours(now, this.o.zone, rule.quietHours)) continue;
      for (const e of events) {
        if (!isLive(e.ts, now, this.o.horizonMs)) continue;
        const hit = this.match(rule, e);
        if (!hit) continue;
        const subject: Scope =
          rule.scope.level === 'floor' ? 'floor' : rule.scope.level === 'team' ? `team:${e.teamId}` : `agent:${e.agentId}`;
        const teamOf = (a: string) => (a === e.agentId ? e.teamId : this.o.agents.teamOf(a));
        if (!isSubject(rule, subject, { teamOf, isRobot: this.o.agents.isRobot })) continue;
        const key = `${rule.id}|${subject}`;
        const last = this.lastFired.get(key);
        if (last !== undefined && now - last < rule.cooldownSeconds * 1000) continue;
        this.lastFired.set(key, now);
        out.push({ rule, id: `${rule.id}:${e.id}`, subject, teamId: e.teamId, agentId: e.agentId, at: e.ts, ...hit });
      }
    }
    return out;
  }

  private match(rule: Rule, e: StoredEvent): Pick<EventSignal, 'evidence' | 'vars'> | null {
    const base = { agent: e.agentId, team: e.teamId, rule: rule.id };
    if (rule.trigger === 'violation' && e.type === 'compliance.flag' && e.severity === 'violation') {
      return {
        evidence: { rule: e.rule, callIds: [e.callId], message: e.derived ? 'derived by FloorPulse' : 'reported by QA' },
        vars: { ...base, rule: e.rule, callId: e.callId, source: e.derived ? 'derived' : 'qa' },
      };
    }
    if (rule.trigger === 'help' && e.type === 'help.requested') {
      return { evidence: e.message ? { message: e.message } : {}, vars: { ...base, message: e.message ?? '' } };
    }
    if (rule.trigger === 'sale' && e.type === 'call.outcome' && e.outcome === 'sale' && !this.o.violations.has(e.callId)) {
      return { evidence: { callIds: [e.callId] }, vars: { ...base, callId: e.callId, amount: e.amount } };
    }
    return null;
  }
}
