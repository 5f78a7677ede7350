import { z } from 'zod';
import { type CountKey, countKeySchema, type MetricKey, metricKeySchema } from './metrics.js';
import { type Scope, scopeSchema } from './rates.js';
import { isoTime } from './time.js';

export type GoalPeriod = 'day' | 'week' | 'month';
const periodSchema = z.enum(['day', 'week', 'month']);

/** A target on a count for an agent or a team over a day, week or month (docs/rules.md, goals). */
export interface Goal {
  id: string;
  scope: `team:${string}` | `agent:${string}`;
  metric: CountKey;
  period: GoalPeriod;
  target: number;
}
const goalSchema = z.object({
  id: z.string().min(1),
  scope: z
    .string()
    .regex(/^(team|agent):[^\s]{1,64}$/, 'must be agent:<id> or team:<id>')
    .transform((s) => s as Goal['scope']),
  metric: countKeySchema,
  period: periodSchema,
  target: z.number(),
}) satisfies z.ZodType<Goal, unknown>;

/** GET /api/v1/goals (viewer or higher), and PUT /api/v1/goals (admin), which answers the set it stored. */
export interface GoalsAnswer {
  goals: Goal[];
}
export const goalsAnswerSchema = z.object({ goals: z.array(goalSchema) }) satisfies z.ZodType<GoalsAnswer, unknown>;

/**
 * A monthly goal's share of the working days left (docs/rules.md, "Goal decomposition"): what is still to do,
 * spread over the working days from today to the month's end, and whether the goal is on pace.
 */
export interface GoalShare {
  /** Working days in the month (WORKING_DAYS), and those from today (included) to its end. */
  workingDays: number;
  workingDaysLeft: number;
  /** Today's share: (target − the value before today) ÷ working days left; null when none is left. */
  perDay: number | null;
  /** This week's share: perDay × the working days left in this week (and month). */
  perWeek: number | null;
  /** Done today. */
  today: number;
  /** The pro-rata line now: target × working days elapsed (today by its calling hours) ÷ working days. */
  expected: number;
  onPace: boolean;
}
const goalShareSchema = z.object({
  workingDays: z.number().int().min(0),
  workingDaysLeft: z.number().int().min(0),
  perDay: z.number().nullable(),
  perWeek: z.number().nullable(),
  today: z.number(),
  expected: z.number(),
  onPace: z.boolean(),
}) satisfies z.ZodType<GoalShare>;

/** One goal's progress over its current period: the body of goals:update and of GET /api/v1/goals/progress. */
export interface GoalProgress {
  goalId: string;
  scope: Scope;
  metric: MetricKey;
  period: GoalPeriod;
  from: string;
  to: string;
  value: number;
  target: number;
  met: boolean;
  /** A monthly goal's weekly and daily share; absent on day and week goals. */
  share?: GoalShare | undefined;
}
export const goalProgressSchema = z.object({
  goalId: z.string(),
  scope: scopeSchema,
  metric: metricKeySchema,
  period: periodSchema,
  from: isoTime,
  to: isoTime,
  value: z.number(),
  target: z.number(),
  met: z.boolean(),
  share: goalShareSchema.optional(),
}) satisfies z.ZodType<GoalProgress, unknown>;

/** GET /api/v1/goals/progress?scope= (viewer or higher): one scope's goals, or every goal without a scope. */
export interface GoalProgressAnswer {
  progress: GoalProgress[];
}
export const goalProgressAnswerSchema = z.object({ progress: z.array(goalProgressSchema) }) satisfies z.ZodType<
  GoalProgressAnswer,
  unknown
>;
