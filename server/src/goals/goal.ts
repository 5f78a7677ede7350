import type { CountKey } from '@floorpulse/shared';

/** A goal as stored and listed: the PUT body's goal (shared/src/requests.ts goalSchema) with its id. */
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
