import { parseScope, type Scope, type ScopeLimits } from '@floorpulse/shared';

/**
 * Whether a principal with these limits may read a scope: null limits see the whole floor; a team's
 * display sees its team (and, with agents 'of-teams', the team's agents) and the channel panel; an agent
 * sees themself and their team's totals. `teamOf` answers an agent's team (the agent directory).
 */
export function canSee(limits: ScopeLimits | null, scope: Scope, teamOf: (agentId: string) => string | undefined): boolean {
  if (limits === null) return true;
  const s = parseScope(scope);
  switch (s.kind) {
    case 'floor':
      return false;
    case 'team':
      return limits.teams.includes(s.id);
    case 'channel':
      return limits.channels;
    case 'agent': {
      if (limits.agents === 'of-teams') {
        const team = teamOf(s.id);
        return team !== undefined && limits.teams.includes(team);
      }
      return limits.agents.includes(s.id);
    }
  }
}
