import type { AgentRow, GoalProgress } from '@floorpulse/shared';

/** The agents table's columns, each sortable. */
export const AGENT_COLUMNS = [
  'agentId',
  'teamId',
  'state',
  'since',
  'dialed',
  'connectRate',
  'hangupRate',
  'effectiveRate',
  'conversionRate',
  'sales',
  'goal',
] as const;
export type AgentColumn = (typeof AGENT_COLUMNS)[number];
export const RATE_COLUMNS = ['connectRate', 'hangupRate', 'effectiveRate', 'conversionRate'] as const;

export interface AgentSort {
  by: AgentColumn;
  desc: boolean;
}

/** What a sort needs besides the row: the names shown, the goal progress, the clock for time in state. */
export interface SortContext {
  name(agentId: string): string;
  teamName(teamId: string): string;
  goal(agentId: string): GoalProgress | undefined;
  now: number;
}

/** Minutes in the current state, or null for an agent with no state today. */
export function minutesInState(row: AgentRow, now: number): number | null {
  return row.stateSince ? Math.max(0, Math.floor((now - Date.parse(row.stateSince)) / 60_000)) : null;
}

/** A key for one column; null is "no data" ("—"), which sorts last in either direction (it is not a low number). */
function keyOf(row: AgentRow, by: AgentColumn, ctx: SortContext): string | number | null {
  switch (by) {
    // Sorted by what is shown: the names (an agent not in the roster by its id).
    case 'agentId':
      return ctx.name(row.agentId);
    case 'teamId':
      return ctx.teamName(row.teamId);
    case 'state':
      return row.state || null;
    case 'since':
      return row.stateSince ? ctx.now - Date.parse(row.stateSince) : null;
    case 'dialed':
    case 'sales':
      return row.counts[by];
    case 'goal': {
      const g = ctx.goal(row.agentId);
      return g && g.target > 0 ? g.value / g.target : null;
    }
    default:
      return row.rates[by];
  }
}

/** The rows in the sort's order; ties by name, so the order is stable as numbers move. */
export function sortAgents(rows: readonly AgentRow[], sort: AgentSort, ctx: SortContext): AgentRow[] {
  const keyed = rows.map((row) => ({ row, k: keyOf(row, sort.by, ctx), n: ctx.name(row.agentId) }));
  keyed.sort((x, y) => {
    if (x.k === null || y.k === null) return x.k === y.k ? x.n.localeCompare(y.n) : x.k === null ? 1 : -1;
    const r = typeof x.k === 'string' ? x.k.localeCompare(String(y.k)) : x.k - (y.k as number);
    return (sort.desc ? -r : r) || x.n.localeCompare(y.n);
  });
  return keyed.map((k) => k.row);
}

/** "On break for more than 15 min": a state ('' for any) and a minimum time in it. */
export interface AgentFilter {
  state: string;
  minMinutes: number;
  /** A team id, or '' for every team. */
  team: string;
}

export function filterAgents(rows: readonly AgentRow[], f: AgentFilter, now: number): AgentRow[] {
  return rows.filter((r) => {
    if (f.team && r.teamId !== f.team) return false;
    if (f.state && r.state !== f.state) return false;
    if (f.minMinutes > 0) {
      const m = minutesInState(r, now);
      if (m === null || m < f.minMinutes) return false;
    }
    return true;
  });
}

/** A default first direction per column: names A→Z, numbers highest first, time in state longest first. */
export function firstDirection(by: AgentColumn): boolean {
  return !['agentId', 'teamId', 'state'].includes(by);
}
