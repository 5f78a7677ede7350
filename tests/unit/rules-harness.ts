import type { Scope, StoredEvent } from '@floorpulse/shared';
import { AgentDirectory } from '../../server/src/agents/agent-directory.js';
import { EMPTY_ROSTER, type RosterView } from '../../server/src/agents/roster.js';
import { HourlyCounts } from '../../server/src/pipeline/rules/hourly-counts.js';
import { liveNumbers } from '../../server/src/pipeline/rules/live-numbers.js';
import { MetricRuleEngine } from '../../server/src/pipeline/rules/metric-rule-engine.js';
import type { Rule } from '../../server/src/pipeline/rules/rule.js';
import { contributionOf, scopesOf } from '../../server/src/pipeline/windows/contribution.js';
import { WindowStore } from '../../server/src/pipeline/windows/window-store.js';
import { defaultRules } from '../../server/src/rules/rule-book.js';

export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const thresholds = { earlyHangupSeconds: 30, effectiveSeconds: 60 };
let seq = 0;

type Who = { agentId?: string; teamId?: string };
const who = (w: Who = {}) => ({ teamId: w.teamId ?? 't1', agentId: w.agentId ?? 'a1' });

export function dialed(ts: number, w?: Who, extra: Record<string, unknown> = {}): StoredEvent {
  const id = `e${++seq}`;
  return { id, type: 'call.dialed', ts, ...who(w), callId: `c-${id}`, channel: 'human', ...extra } as StoredEvent;
}
export function answered(ts: number, w?: Who, callId = `c${++seq}`): StoredEvent {
  return { id: `e${++seq}`, type: 'call.answered', ts, ...who(w), callId };
}
export function ended(ts: number, talkSeconds: number, w?: Who, hangupBy: 'customer' | 'agent' = 'customer'): StoredEvent {
  return { id: `e${++seq}`, type: 'call.ended', ts, ...who(w), callId: `c${seq}`, answered: true, talkSeconds, hangupBy };
}
export function flag(ts: number, rule: string, severity: 'reminder' | 'violation', w?: Who, callId = `c${++seq}`): StoredEvent {
  return { id: `e${++seq}`, type: 'compliance.flag', ts, ...who(w), callId, rule, severity };
}
export function outcome(ts: number, o: 'sale' | 'lead', w?: Who, callId = `c${++seq}`, amount?: number): StoredEvent {
  return { id: `e${++seq}`, type: 'call.outcome', ts, ...who(w), callId, outcome: o, ...(amount !== undefined ? { amount } : {}) };
}
export function help(ts: number, w?: Who): StoredEvent {
  return { id: `e${++seq}`, type: 'help.requested', ts, ...who(w), message: 'lead is angry' };
}
export function repeat<T>(n: number, f: (i: number) => T): T[] {
  return Array.from({ length: n }, (_, i) => f(i));
}

/** A default rule by id, optionally changed (e.g. sustain) for one test. */
export function rule(id: string, change: Partial<Rule> = {}): Rule {
  const r = defaultRules().find((x) => x.id === id);
  if (!r) throw new Error(`no default rule ${id}`);
  return { ...r, ...change };
}

/**
 * A metric engine over a fresh window store and hourly counts in `zone`, fed by `add`; agents' teams and
 * robot lines from a real agent directory over `roster` and the events' dials.
 */
export function metricHarness(rules: Rule[], zone = 'UTC', roster: RosterView = EMPTY_ROSTER) {
  const windows = new WindowStore({ bucketMs: 10_000, zone });
  const hourly = new HourlyCounts({ zone, thresholds, keepHours: 26 });
  const agents = new AgentDirectory(roster);
  const engine = new MetricRuleEngine({
    rules: () => rules,
    numbers: liveNumbers(windows, hourly),
    scopes: () => windows.scopes(),
    agents,
    zone,
  });
  return {
    windows,
    hourly,
    engine,
    add(events: StoredEvent[], now: number): Set<Scope> {
      windows.evict(now);
      windows.add(
        events.map((e) => contributionOf(e, thresholds)),
        now,
      );
      hourly.add(events);
      agents.noteStored(events);
      for (const e of events) if (e.type === 'call.dialed') agents.noteDial(e.agentId, e.channel);
      return new Set(events.flatMap(scopesOf));
    },
    /** Adds then evaluates the changed scopes at `now`: the kinds and subjects fired. */
    step(events: StoredEvent[], now: number) {
      const scopes = this.add(events, now);
      return engine.evaluate(scopes, now).map((s) => `${s.kind}:${s.rule.id}:${s.subject}`);
    },
    tick(now: number) {
      return engine.evaluate(null, now).map((s) => `${s.kind}:${s.rule.id}:${s.subject}`);
    },
  };
}
