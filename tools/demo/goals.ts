import type { FloorSpec } from '../simulator/generate.js';
import { TEAM_NAMES } from '../simulator/profile.js';

/**
 * The demo floor's goals, from the floor's own numbers (docs/metrics.md, "The floor") scaled by the
 * demo's speed: per agent 5 effective conversations a day and 2 leads a week; per team sales and
 * leads a day. Set through the public admin API, as an admin would, so the wall's goal bars have
 * something to show.
 */
export function demoGoals(spec: FloorSpec): { goals: { scope: string; metric: string; period: 'day' | 'week'; target: number }[] } {
  const goals: { scope: string; metric: string; period: 'day' | 'week'; target: number }[] = [];
  for (let t = 0; t < spec.teams; t++) {
    const team = TEAM_NAMES[t] ?? `team${t + 1}`;
    // The funnel: 100 dials → 3 sales; ~98 dials per person a day, scaled by the demo's speed.
    goals.push({
      scope: `team:${team}`,
      metric: 'sales',
      period: 'day',
      target: Math.max(1, Math.round(spec.agentsPerTeam * 3 * spec.speed)),
    });
    goals.push({
      scope: `team:${team}`,
      metric: 'leads',
      period: 'day',
      target: Math.max(1, Math.round(spec.agentsPerTeam * 10 * spec.speed)),
    });
    for (let i = 1; i <= Math.min(spec.agentsPerTeam, 2); i++) {
      goals.push({ scope: `agent:${team}-a${i}`, metric: 'effective', period: 'day', target: Math.round(5 * spec.speed) });
      goals.push({ scope: `agent:${team}-a${i}`, metric: 'leads', period: 'week', target: Math.round(2 * spec.speed) });
    }
  }
  return { goals };
}

export async function putDemoGoals(base: string, adminToken: string, spec: FloorSpec): Promise<void> {
  const res = await fetch(`${base}/api/v1/goals`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(demoGoals(spec)),
  });
  if (!res.ok) throw new Error(`setting the demo goals failed: ${res.status} ${await res.text()}`);
}
