import type { Scope } from '@floorpulse/shared';
import type { Rule } from './rule.js';

/** Whether a scope is a subject of a rule: its level, and — when the rule names teams — one of them. */
export function isSubject(rule: Rule, scope: Scope, teamOf: (agentId: string) => string | undefined): boolean {
  const teams = rule.scope.teams;
  switch (rule.scope.level) {
    case 'floor':
      return scope === 'floor';
    case 'team':
      return scope.startsWith('team:') && (!teams || teams.includes(scope.slice(5)));
    default: {
      if (!scope.startsWith('agent:')) return false;
      if (!teams) return true;
      const team = teamOf(scope.slice(6));
      return team !== undefined && teams.includes(team);
    }
  }
}

/** The ids an alert or celebration shows: agent and team of a subject. */
export function subjectIds(scope: Scope, teamOf: (agentId: string) => string | undefined): { teamId?: string; agentId?: string } {
  if (scope.startsWith('agent:')) {
    const agentId = scope.slice(6);
    const teamId = teamOf(agentId);
    return teamId ? { agentId, teamId } : { agentId };
  }
  if (scope.startsWith('team:')) return { teamId: scope.slice(5) };
  return {};
}
