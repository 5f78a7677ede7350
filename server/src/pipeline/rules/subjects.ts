import type { Scope } from '@floorpulse/shared';
import type { Rule } from './rule.js';

/** What a rule asks about an agent subject (the agent directory answers both: agents/agent-directory.ts). */
export interface SubjectAgents {
  teamOf: (agentId: string) => string | undefined;
  isRobot: (agentId: string) => boolean;
}

/**
 * Whether a scope is a subject of a rule: its level, when the rule names teams one of them, and when it
 * names a channel a line of it (people's rules skip robot lines).
 */
export function isSubject(rule: Rule, scope: Scope, agents: SubjectAgents): boolean {
  const { teams, channel } = rule.scope;
  switch (rule.scope.level) {
    case 'floor':
      return scope === 'floor';
    case 'team':
      return scope.startsWith('team:') && (!teams || teams.includes(scope.slice(5)));
    default: {
      if (!scope.startsWith('agent:')) return false;
      const agentId = scope.slice(6);
      if (channel && agents.isRobot(agentId) !== (channel === 'robot')) return false;
      if (!teams) return true;
      const team = agents.teamOf(agentId);
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
