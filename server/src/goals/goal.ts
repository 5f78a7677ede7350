import { z } from 'zod';
import { COUNT_KEYS, type CountKey } from '@floorpulse/shared';

/** A target on any count for an agent or a team over a day, week or month (issue 3 §3; BRIEF "Personal goals"). */
export const goalSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/, 'must be letters, digits, _ . : -').optional(),
  scope: z.string().regex(/^(team|agent):[^\s]{1,64}$/, 'must be agent:<id> or team:<id>').transform((s) => s as `team:${string}` | `agent:${string}`),
  metric: z.enum(COUNT_KEYS as unknown as [CountKey, ...CountKey[]]),
  period: z.enum(['day', 'week', 'month']),
  target: z.number().finite().positive('must be greater than 0'),
});
export const goalSetSchema = z.strictObject({ goals: z.array(goalSchema).max(5000, 'must hold at most 5000 goals') });

export interface Goal {
  id: string;
  scope: `team:${string}` | `agent:${string}`;
  metric: CountKey;
  period: 'day' | 'week' | 'month';
  target: number;
}

/** Without an id, a goal is named by what it measures: one goal per scope, metric and period. */
export function goalId(g: { scope: string; metric: string; period: string }): string {
  return `${g.scope}:${g.metric}:${g.period}`;
}
