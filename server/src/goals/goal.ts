/** Without an id, a goal is named by what it measures: one goal per scope, metric and period. */
export function goalId(g: { scope: string; metric: string; period: string }): string {
  return `${g.scope}:${g.metric}:${g.period}`;
}
