import { type AlertEvidence, type Counts, computeRates, metricValue, type Scope, type WindowName } from '@floorpulse/shared';
import { type Condition, compare, conditionsOf, type Rule } from './rule.js';

const HOUR = 3_600_000;

/** Where a rule reads its numbers: the live window store and hourly counts, or a backtest's replay of them. */
export interface RuleNumbers {
  range(window: WindowName, now: number): { from: number; to: number };
  counts(scope: Scope, from: number, to: number): Counts;
  /** Start of the local clock hour holding `ts`. */
  hourStart(ts: number): number;
  hourCounts(agentId: string, hourStart: number): Counts;
}

export interface Measurement {
  holds: boolean;
  evidence: AlertEvidence;
}

function test(c: Condition, counts: Counts): { holds: boolean; value: number | null; sample: number | undefined } {
  const value = metricValue(counts, computeRates(counts), c.metric);
  const sample = c.minSample ? counts[c.minSample.count] : undefined;
  // Below the minimum sample a rate is not evidence (docs/rules.md, "Rules as data": one call must not make 100%).
  if (c.minSample && (sample ?? 0) < c.minSample.min) return { holds: false, value, sample };
  return { holds: value !== null && compare(value, c.comparator, c.threshold), value, sample };
}

function evidenceOf(c: Condition, value: number | null, sample: number | undefined, from: number, to: number): AlertEvidence {
  return {
    metric: c.metric,
    value,
    threshold: c.threshold,
    sample,
    window: { from: new Date(from).toISOString(), to: new Date(to).toISOString() },
  };
}

/**
 * The evidence is built only when read: the engine reads it for a fire or a clear, while every
 * 10 s tick measures every agent (50,000 × 3 default agent rules in the memory scenario), each
 * building two ISO dates and an evidence object that were thrown away.
 */
function measurement(holds: boolean, evidence: () => AlertEvidence): Measurement {
  let built: AlertEvidence | undefined;
  return {
    holds,
    get evidence() {
      built ??= evidence();
      return built;
    },
  };
}

/** A metric rule's condition for one subject at `now`: holds if any of its conditions holds. */
export function measure(rule: Rule, subject: Scope, numbers: RuleNumbers, now: number): Measurement {
  const conditions = conditionsOf(rule);
  if (rule.window === 'hours') return measureHours(rule, conditions, subject, numbers, now);
  const { from, to } = numbers.range(rule.window, now);
  const counts = numbers.counts(subject, from, to);
  let first: Measurement | null = null;
  for (const c of conditions) {
    const r = test(c, counts);
    const m = measurement(r.holds, () => evidenceOf(c, r.value, r.sample, from, to));
    if (r.holds) return m;
    first ??= m;
  }
  return first ?? { holds: false, evidence: {} };
}

/**
 * "Above 30% in each of 3 consecutive hours" (docs/rules.md, "3 consecutive hours"): each of the
 * last N full local clock hours before the current one must pass a condition with its own minimum
 * sample. The evidence carries the weakest hour's value and the smallest hourly sample.
 */
function measureHours(rule: Rule, conditions: Condition[], subject: Scope, numbers: RuleNumbers, now: number): Measurement {
  const agentId = subject.slice('agent:'.length);
  const current = numbers.hourStart(now);
  const n = rule.consecutiveHours ?? 1;
  const from = current - n * HOUR;
  for (const c of conditions) {
    let holds = true;
    let weakest: number | null = null;
    let minSample: number | undefined;
    for (let k = 1; k <= n; k++) {
      const r = test(c, numbers.hourCounts(agentId, current - k * HOUR));
      holds &&= r.holds;
      if (r.value !== null && (weakest === null || r.value < weakest)) weakest = r.value;
      if (r.sample !== undefined) minSample = minSample === undefined ? r.sample : Math.min(minSample, r.sample);
    }
    if (holds || c === conditions[conditions.length - 1]) {
      const [value, sample] = [weakest, minSample];
      return measurement(holds, () => evidenceOf(c, value, sample, from, current));
    }
  }
  return { holds: false, evidence: {} };
}
