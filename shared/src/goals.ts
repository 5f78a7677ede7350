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
}) satisfies z.ZodType<GoalProgress, unknown>;

/** GET /api/v1/goals/progress?scope= (viewer or higher): one scope's goals, or every goal without a scope. */
export interface GoalProgressAnswer {
  progress: GoalProgress[];
}
export const goalProgressAnswerSchema = z.object({ progress: z.array(goalProgressSchema) }) satisfies z.ZodType<
  GoalProgressAnswer,
  unknown
>;
