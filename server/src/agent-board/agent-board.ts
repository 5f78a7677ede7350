import { type AgentBoard, type AgentBoardScope, type AgentRow, type Counts, computeRates, type Scope } from '@floorpulse/shared';
import type { AgentLookup } from '../agents/agent-directory.js';
import type { WindowStore } from '../pipeline/windows/window-store.js';
import type { AgentStates } from './agent-states.js';

const counted = (c: Counts) => c.dialed + c.answered + c.ended + c.sales + c.leads + c.violations + c.reminders + c.complaints > 0;

/**
 * The agents table of the floor or one team, today: every agent (people and robot lines) with a counted
 * event today or a state since local midnight, with today's counts and rates from the live windows and
 * their latest state. The same rows as GET /api/v1/history/agents?range=today (AGENTS_SQL), which is
 * the SQL it equals (tests/integration/agent-board.test.ts).
 */
export function buildAgentBoard(
  deps: { windows: WindowStore; agents: AgentLookup; states: AgentStates },
  scope: AgentBoardScope,
  now: number,
): AgentBoard {
  const { windows, agents, states } = deps;
  const { from, to } = windows.range('today', now);
  const team = scope === 'floor' ? null : scope.slice('team:'.length);
  const ids = new Set<string>(states.agentIds());
  for (const s of windows.scopes()) if (s.startsWith('agent:')) ids.add(s.slice('agent:'.length));
  const rows: AgentRow[] = [];
  for (const agentId of ids) {
    const teamId = agents.teamOf(agentId);
    if (teamId === undefined || (team !== null && teamId !== team)) continue;
    const counts = windows.counts(`agent:${agentId}` as Scope, from, to);
    const st = states.get(agentId);
    const state = st && st.at >= from ? st : undefined;
    if (!state && !counted(counts)) continue;
    rows.push({
      agentId,
      teamId,
      channel: agents.channelOf(agentId) ?? '',
      state: state?.state ?? '',
      stateReason: state?.reason ?? '',
      stateSince: state ? new Date(state.at).toISOString() : null,
      counts,
      rates: computeRates(counts),
    });
  }
  rows.sort((a, b) => a.agentId.localeCompare(b.agentId));
  return { scope, from: new Date(from).toISOString(), to: new Date(to).toISOString(), rows };
}
