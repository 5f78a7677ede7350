import { z } from 'zod';
import type { AlertSeverity } from './alerts.js';
import { type CountKey, countKeySchema, type MetricKey, metricKeySchema } from './metrics.js';
import { type Scope, scopeSchema } from './rates.js';
import { isoTime } from './time.js';

/*
 * Rules as the server holds and answers them (docs/rules.md). The server validates what it is sent
 * (server/src/rules/rule.ts: strict, with defaults); these are the answers, with every default filled in.
 * The admin page edits a rule as data and sends it back, so a rule's objects are loose: a field this
 * schema does not know yet is kept, not stripped, and not lost on the way back.
 */

export type Comparator = '>' | '>=' | '<' | '<=';
const comparatorSchema = z.enum(['>', '>=', '<', '<=']);

/** e.g. at least 20 ended calls, so one call cannot make a 100% rate. */
export interface MinSample {
  count: CountKey;
  min: number;
}
const minSampleSchema = z.looseObject({ count: countKeySchema, min: z.number() }) satisfies z.ZodType<MinSample>;

export interface RuleCondition {
  metric: MetricKey;
  comparator: Comparator;
  threshold: number;
  minSample?: MinSample | undefined;
}
const ruleConditionSchema = z.looseObject({
  metric: metricKeySchema,
  comparator: comparatorSchema,
  threshold: z.number(),
  minSample: minSampleSchema.optional(),
}) satisfies z.ZodType<RuleCondition>;

/** From `count` occurrences in one open group on, the alert has this severity. */
export interface SeverityStep {
  count: number;
  severity: AlertSeverity;
}
const severityStepSchema = z.looseObject({
  count: z.number(),
  severity: z.enum(['info', 'warning', 'critical']),
}) satisfies z.ZodType<SeverityStep>;

export interface Rule {
  id: string;
  kind: 'alert' | 'celebration';
  enabled: boolean;
  title: string;
  trigger: 'metric' | 'violation' | 'help' | 'sale' | 'streak';
  /** `channel`: an agent rule for people only (human) or robot lines only (robot); absent: both. */
  scope: { level: 'agent' | 'team' | 'floor'; teams?: string[] | undefined; channel?: 'human' | 'robot' | undefined };
  /** 'hours': over each of the last `consecutiveHours` full clock hours. */
  window: '15m' | '1h' | 'today' | 'hours';
  consecutiveHours?: number | undefined;
  /** The main condition of a metric rule; `anyOf` adds alternatives. */
  metric?: MetricKey | undefined;
  comparator: Comparator;
  threshold: number;
  minSample?: MinSample | undefined;
  anyOf?: RuleCondition[] | undefined;
  sustainSeconds: number;
  cooldownSeconds: number;
  /** Floor-local hours in which nothing fires, "HH:MM". */
  quietHours?: { from: string; to: string } | undefined;
  severity: AlertSeverity;
  /** Grouped alerts: the severity once the group holds at least `count` occurrences (docs/rules.md). */
  severitySteps?: SeverityStep[] | undefined;
  /** A help request, or an alert of this rule once critical, not acknowledged this long after it opened: escalated. */
  escalateAfterSeconds?: number | undefined;
  /** The floor's target time to acknowledge, shown beside the response times (history). */
  ackTargetSeconds?: number | undefined;
  streakDays?: number | undefined;
  /** The text, with {agent} {team} {value} … filled in. */
  message: string;
}
/** A rule, and the answer of PUT /api/v1/rules/:id (admin): the rule as stored. */
export const ruleAnswerSchema = z.looseObject({
  id: z.string().min(1),
  kind: z.enum(['alert', 'celebration']),
  enabled: z.boolean(),
  title: z.string(),
  trigger: z.enum(['metric', 'violation', 'help', 'sale', 'streak']),
  scope: z.looseObject({
    level: z.enum(['agent', 'team', 'floor']),
    teams: z.array(z.string()).optional(),
    channel: z.enum(['human', 'robot']).optional(),
  }),
  window: z.enum(['15m', '1h', 'today', 'hours']),
  consecutiveHours: z.number().optional(),
  metric: metricKeySchema.optional(),
  comparator: comparatorSchema,
  threshold: z.number(),
  minSample: minSampleSchema.optional(),
  anyOf: z.array(ruleConditionSchema).optional(),
  sustainSeconds: z.number(),
  cooldownSeconds: z.number(),
  quietHours: z.looseObject({ from: z.string(), to: z.string() }).optional(),
  severity: z.enum(['info', 'warning', 'critical']),
  severitySteps: z.array(severityStepSchema).optional(),
  escalateAfterSeconds: z.number().optional(),
  ackTargetSeconds: z.number().optional(),
  streakDays: z.number().optional(),
  message: z.string(),
}) satisfies z.ZodType<Rule>;

/** GET /api/v1/rules (viewer or higher): the rules in force, defaults with the admins' overrides on top. */
export interface RulesAnswer {
  rules: Rule[];
}
export const rulesAnswerSchema = z.object({ rules: z.array(ruleAnswerSchema) }) satisfies z.ZodType<RulesAnswer>;

/** One time a backtested rule would have fired. */
export interface Firing {
  at: string;
  subject: Scope;
  teamId?: string | undefined;
  agentId?: string | undefined;
  /** The metric's value when it fired (metric rules); null: no data. */
  value?: number | null | undefined;
  sample?: number | undefined;
  callIds?: string[] | undefined;
  /** When the condition cleared again (metric rules), if it did within the period. */
  clearedAt?: string | undefined;
}
const firingSchema = z.object({
  at: isoTime,
  subject: scopeSchema,
  teamId: z.string().optional(),
  agentId: z.string().optional(),
  value: z.number().nullable().optional(),
  sample: z.number().optional(),
  callIds: z.array(z.string()).optional(),
  clearedAt: isoTime.optional(),
}) satisfies z.ZodType<Firing, unknown>;

/** POST /api/v1/rules/backtest {rule | ruleId, from, to} (supervisor or higher). */
export interface BacktestAnswer {
  ruleId: string;
  from: string;
  to: string;
  /** Every firing in [from, to); `firings` lists the first 1000 of them. */
  fired: number;
  firings: Firing[];
  /** More fired than are listed. */
  truncated: boolean;
}
export const backtestAnswerSchema = z.object({
  ruleId: z.string(),
  from: isoTime,
  to: isoTime,
  fired: z.number().int().min(0),
  firings: z.array(firingSchema),
  truncated: z.boolean(),
}) satisfies z.ZodType<BacktestAnswer, unknown>;
