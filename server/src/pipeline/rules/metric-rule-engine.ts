import type { AlertEvidence, Scope } from '@floorpulse/shared';
import { measure, type RuleNumbers } from './measure.js';
import { inQuietHours } from './quiet-hours.js';
import type { Rule } from './rule.js';
import { newState, type SubjectState, step } from './rule-state.js';
import { isSubject, type SubjectAgents } from './subjects.js';

export interface MetricSignal {
  kind: 'fire' | 'clear';
  rule: Rule;
  subject: Scope;
  /** scheduler time of the step */
  at: number;
  evidence: AlertEvidence;
}

export interface MetricRuleEngineOptions {
  rules: () => readonly Rule[];
  numbers: RuleNumbers;
  /** Every scope with numbers: ticks evaluate them all (midnight, hour edges, sustain). */
  scopes: () => Iterable<Scope>;
  /** Agents' teams (rules limited to teams) and robot lines (rules for people or robots only). */
  agents: SubjectAgents;
  /** Floor zone, for quiet hours. */
  zone: string;
}

/**
 * Metric rules (trigger 'metric') over the live numbers, with sustain, cooldown and quiet hours
 * per (rule, subject). Pure apart from its own state, so the live pipeline and the backtest run
 * exactly the same code.
 */
export class MetricRuleEngine {
  private readonly states = new Map<string, SubjectState>();

  constructor(private readonly o: MetricRuleEngineOptions) {}

  /** Evaluates the changed scopes (or, on a tick, every scope) at `now`. */
  evaluate(changed: Iterable<Scope> | null, now: number): MetricSignal[] {
    const scopes = [...(changed ?? this.o.scopes())];
    const out: MetricSignal[] = [];
    for (const rule of this.o.rules()) {
      if (!rule.enabled || rule.trigger !== 'metric') continue;
      const quiet = inQuietHours(now, this.o.zone, rule.quietHours);
      const timing = { sustainMs: rule.sustainSeconds * 1000, cooldownMs: rule.cooldownSeconds * 1000, quiet };
      for (const scope of scopes) {
        if (!isSubject(rule, scope, this.o.agents)) continue;
        const m = measure(rule, scope, this.o.numbers, now);
        // A subject whose condition does not hold and that has no state would step to the same
        // empty state: not stored (before, every tick stored one per (rule, agent): 150,000 with the
        // default rules and 50,000 agents).
        const existing = this.states.get(`${rule.id}|${scope}`);
        if (!existing && !m.holds) continue;
        const kind = step(existing ?? this.state(rule.id, scope), m.holds, now, timing);
        if (kind) out.push({ kind, rule, subject: scope, at: now, evidence: m.evidence });
      }
    }
    return out;
  }

  /** Subjects whose condition holds or whose alert is active: a backtest re-evaluates them every step. */
  watched(): Set<Scope> {
    const out = new Set<Scope>();
    for (const [key, s] of this.states) if (s.since !== null || s.active) out.add(key.slice(key.indexOf('|') + 1) as Scope);
    return out;
  }

  /** After a restart: an alert still open for (rule, subject) is active, so it is not opened twice. */
  markActive(ruleId: string, subject: Scope, firedAt: number): void {
    const s = this.state(ruleId, subject);
    s.active = true;
    s.since ??= firedAt;
    s.lastFiredAt = Math.max(s.lastFiredAt ?? -Infinity, firedAt);
  }

  private state(ruleId: string, scope: Scope): SubjectState {
    const key = `${ruleId}|${scope}`;
    let s = this.states.get(key);
    if (!s) {
      s = newState();
      this.states.set(key, s);
    }
    return s;
  }
}
