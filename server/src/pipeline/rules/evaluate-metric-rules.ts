import type { Scope } from '@floorpulse/shared';
import { interval, last, map, merge, mergeMap, type OperatorFunction, type SchedulerLike, share, takeUntil } from 'rxjs';
import type { MetricRuleEngine, MetricSignal } from './metric-rule-engine.js';

export interface EvaluateMetricRulesOptions {
  engine: MetricRuleEngine;
  scheduler: SchedulerLike;
  /** Ticks re-evaluate every scope without new events: sustain elapsing, midnight, an hour ending. */
  tickMs: number;
}

/**
 * Evaluates metric rules on each change of the numbers (a WindowsChange, or the scopes of a
 * stored batch) for its changed scopes, and on every tick (for
 * all scopes); emits a 'fire' when a rule opens for a subject and a 'clear' when it stops holding.
 * Completes and errors with its source (the ticks stop with it).
 */
export function evaluateMetricRules({
  engine,
  scheduler,
  tickMs,
}: EvaluateMetricRulesOptions): OperatorFunction<{ scopes: Iterable<Scope> }, MetricSignal> {
  return (source) => {
    const changes = source.pipe(share());
    const ticks = interval(tickMs, scheduler).pipe(takeUntil(changes.pipe(last(null, null))));
    return merge(changes.pipe(map((c) => c.scopes)), ticks.pipe(map(() => null))).pipe(
      mergeMap((scopes) => engine.evaluate(scopes, scheduler.now())),
    );
  };
}
