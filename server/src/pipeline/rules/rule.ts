import { COUNT_KEYS, type CountKey, METRIC_KEYS, type MetricKey, RATE_KEYS } from '@floorpulse/shared';
import { z } from 'zod';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must look like 21:00');

/** One numeric test: metric comparator threshold, only when the sample count reaches `minSample`. */
export const conditionSchema = z.strictObject({
  metric: z.enum(METRIC_KEYS as [MetricKey, ...MetricKey[]]),
  comparator: z.enum(['>', '>=', '<', '<=']),
  threshold: z.number().finite(),
  /** e.g. at least 20 ended calls, so one call cannot make a 100% rate (docs/rules.md). */
  minSample: z.strictObject({ count: z.enum(COUNT_KEYS as unknown as [CountKey, ...CountKey[]]), min: z.number().int().min(0) }).optional(),
});
export type Condition = z.infer<typeof conditionSchema>;

/**
 * A rule is data (docs/rules.md, "Rules as data"): defaults in server/src/rules/defaults.json, admin
 * overrides in ClickHouse. The engines beside this file evaluate it.
 * trigger:
 * - metric: the condition over `window` (15m | 1h | today), or over each of the last
 *   `consecutiveHours` full clock hours when window is 'hours';
 * - violation | help | sale: an event-driven rule, fires per event at once;
 * - streak: the agent met every daily goal on `streakDays` consecutive days (celebration).
 */
export const ruleSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, 'must be lowercase letters, digits, _ . -'),
    kind: z.enum(['alert', 'celebration']),
    enabled: z.boolean().default(true),
    title: z.string().min(1).max(120),
    trigger: z.enum(['metric', 'violation', 'help', 'sale', 'streak']),
    scope: z.strictObject({
      level: z.enum(['agent', 'team', 'floor']),
      teams: z.array(z.string().min(1).max(64)).max(200).optional(),
      /**
       * An agent rule for people only (human) or robot lines only (robot): a robot line is neither
       * stressed nor having an outstanding day, and a person screens no hot leads by the hundred.
       * Which a line is: the roster, else its dials (agents/agent-directory.ts isRobot).
       */
      channel: z.enum(['human', 'robot']).optional(),
    }),
    window: z.enum(['15m', '1h', 'today', 'hours']).default('today'),
    consecutiveHours: z.number().int().min(1).max(24).optional(),
    /** The main condition; `anyOf` adds alternatives ("effective rate > 45% OR conversion > 20%"). */
    metric: conditionSchema.shape.metric.optional(),
    comparator: conditionSchema.shape.comparator.default('>'),
    threshold: z.number().finite().default(0),
    minSample: conditionSchema.shape.minSample,
    anyOf: z.array(conditionSchema).max(10).optional(),
    /** How long the condition must hold before it fires (0: at once). */
    sustainSeconds: z.number().int().min(0).max(86_400).default(0),
    /** No second firing for the same subject within this long after a firing: against alert noise (docs/rules.md). */
    cooldownSeconds: z
      .number()
      .int()
      .min(0)
      .max(7 * 86_400)
      .default(0),
    /** Floor-local hours in which nothing fires (e.g. a morning briefing). */
    quietHours: z.strictObject({ from: hhmm, to: hhmm }).optional(),
    severity: z.enum(['info', 'warning', 'critical']).default('warning'),
    /** Event alerts are grouped per (rule, subject): from `count` occurrences in the open group on, it has `severity`. */
    severitySteps: z
      .array(z.strictObject({ count: z.number().int().min(2).max(10_000), severity: z.enum(['info', 'warning', 'critical']) }))
      .max(5)
      .optional(),
    /** A help request, or this rule's alert once critical, still not acknowledged this long after it opened escalates (alerts/alert-escalation.ts). */
    escalateAfterSeconds: z.number().int().min(10).max(86_400).optional(),
    /** The floor's target time to acknowledge (a mentor replies within the hour): shown beside the response times. */
    ackTargetSeconds: z
      .number()
      .int()
      .min(10)
      .max(7 * 86_400)
      .optional(),
    streakDays: z.number().int().min(2).max(31).optional(),
    /** {agent} {team} {value} {threshold} {metric} {rule} {callId} {amount} {days} are filled in. */
    message: z.string().min(1).max(300),
  })
  .superRefine((r, ctx) => {
    if (r.trigger === 'metric' && !r.metric && !r.anyOf?.length)
      ctx.addIssue({ code: 'custom', path: ['metric'], message: 'is required for a metric rule' });
    if (r.window === 'hours' && !r.consecutiveHours)
      ctx.addIssue({ code: 'custom', path: ['consecutiveHours'], message: 'is required when window is hours' });
    if (r.window === 'hours' && r.scope.level !== 'agent')
      ctx.addIssue({ code: 'custom', path: ['window'], message: 'hours is only kept per agent' });
    if (r.scope.channel && r.scope.level !== 'agent')
      ctx.addIssue({ code: 'custom', path: ['scope', 'channel'], message: 'is only for agent rules (a team has people and robots)' });
    if (r.trigger === 'streak' && !r.streakDays)
      ctx.addIssue({ code: 'custom', path: ['streakDays'], message: 'is required for a streak rule' });
  });
export type Rule = z.output<typeof ruleSchema>;
export type RuleInput = z.input<typeof ruleSchema>;

/** The conditions of a metric rule, any of which makes it hold. */
export function conditionsOf(rule: Rule): Condition[] {
  const main: Condition[] = rule.metric
    ? [
        {
          metric: rule.metric,
          comparator: rule.comparator,
          threshold: rule.threshold,
          ...(rule.minSample ? { minSample: rule.minSample } : {}),
        },
      ]
    : [];
  return [...main, ...(rule.anyOf ?? [])];
}

export function compare(value: number, comparator: Condition['comparator'], threshold: number): boolean {
  switch (comparator) {
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
    case '<':
      return value < threshold;
    default:
      return value <= threshold;
  }
}

/** "{agent} is at {value}" → filled in; unknown names stay as they are. */
export function renderMessage(template: string, vars: Record<string, string | number | undefined>): string {
  return template.replace(/\{(\w+)\}/g, (all, name: string) => (vars[name] === undefined ? all : String(vars[name])));
}

/** Rates as percent with one decimal, counts as they are: what a wall shows. */
export function formatValue(metric: MetricKey, value: number): string {
  return (RATE_KEYS as readonly string[]).includes(metric) ? `${(value * 100).toFixed(1)}%` : String(value);
}
