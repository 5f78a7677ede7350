import type { PointsRules, StoredEvent } from '@floorpulse/shared';
import type { ViolationIndex } from '../pipeline/rules/event-rule-engine.js';
import type { LedgerRow } from './points-repo.js';

export interface EventAwardDeps {
  rules: Readonly<PointsRules>;
  /** The rules stage's own index: a sale the celebrations would not celebrate earns nothing (docs/rules.md, "Sale with a violation"). */
  violations: ViolationIndex;
  isRobot(agentId: string): boolean;
  /** EFFECTIVE_SECONDS: an effective conversation as docs/metrics.md counts it. */
  effectiveSeconds: number;
}

/**
 * The awards one stored batch earns by its events: a sale, an effective conversation, and (negative) a
 * call's first violation. Ids are `<rule>:<agent>:<call id>`: a call earns each once, whatever events or
 * ids it is sent with. Robot lines earn nothing: points are people's. The batch's flags are indexed first,
 * as the event rules do, so a sale flagged in its own batch earns nothing; a flag arriving after the sale
 * costs the violation's points but does not take the sale's back (as its celebration stays shown).
 */
export function eventAwards(events: readonly StoredEvent[], d: EventAwardDeps): LedgerRow[] {
  for (const e of events) if (e.type === 'compliance.flag' && e.severity === 'violation') d.violations.add(e.callId, e.ts);
  const out: LedgerRow[] = [];
  const add = (e: StoredEvent & { callId: string }, rule: LedgerRow['rule'], points: number) => {
    if (points === 0 || d.isRobot(e.agentId)) return;
    out.push({ id: `${rule}:${e.agentId}:${e.callId}`, at: e.ts, agentId: e.agentId, teamId: e.teamId, rule, points, ref: e.callId });
  };
  for (const e of events) {
    if (e.type === 'call.outcome' && e.outcome === 'sale' && !d.violations.has(e.callId)) add(e, 'sale', d.rules.sale);
    else if (e.type === 'call.ended' && e.answered && e.talkSeconds >= d.effectiveSeconds) add(e, 'effective', d.rules.effective);
    else if (e.type === 'compliance.flag' && e.severity === 'violation') add(e, 'violation', d.rules.violation);
  }
  return out;
}
