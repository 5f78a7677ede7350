import type { ContestParticipant, ContestRequest, RosterAgent, RosterTeam } from '@floorpulse/shared';

/** 12 h: a shift; longer races are goals (docs/rules.md, "Goals"), and the live tally holds a contest's events. */
export const MAX_CONTEST_MS = 12 * 3_600_000;

export interface ContestChecks {
  now: number;
  agent(id: string): RosterAgent | undefined;
  team(id: string): RosterTeam | undefined;
  /** Whether the one asking looks after this participant (a supervisor: their teams and their agents). */
  mayRun(p: ContestParticipant): boolean;
}

/**
 * What the schema cannot see (docs/rules.md, "Contests"): the window, the target, and participants from the
 * roster, of one kind, people not robot lines, an agents' race inside one team. The message names the field.
 */
export function contestProblem(req: ContestRequest, k: ContestChecks): string | null {
  const from = Date.parse(req.from);
  const to = Date.parse(req.to);
  if (!(to > from)) return 'to: must be after from';
  if (to - from > MAX_CONTEST_MS) return 'to: a contest lasts at most 12 hours';
  if (to <= k.now) return 'to: the window is over already';
  if (req.kind === 'target' && req.target === undefined) return 'target: is required for a first-to-N race';
  if (req.kind !== 'target' && req.target !== undefined) return 'target: only a first-to-N race has a target';
  if (new Set(req.participants).size !== req.participants.length) return 'participants: listed twice';
  const teams = req.participants.every((p) => p.startsWith('team:'));
  const agents = req.participants.every((p) => p.startsWith('agent:'));
  if (req.kind === 'teams' && !teams) return 'participants: a team race is between teams (team:<id>)';
  if (req.kind === 'agents' && !agents) return 'participants: an agents race is between agents (agent:<id>)';
  if (!teams && !agents) return 'participants: all teams or all agents';
  const agentTeams = new Set<string>();
  for (const p of req.participants) {
    const id = p.slice(p.indexOf(':') + 1);
    if (teams) {
      if (!k.team(id)) return `participants: no team ${id} in the roster`;
    } else {
      const a = k.agent(id);
      if (!a) return `participants: no agent ${id} in the roster`;
      if (a.channel === 'robot') return `participants: ${id} is a robot line; a contest is between people`;
      agentTeams.add(a.teamId);
    }
    if (!k.mayRun(p)) return `participants: ${id} is not yours to run a contest for`;
  }
  if (req.kind === 'agents' && agentTeams.size > 1) return 'participants: an agents race is inside one team';
  return null;
}
