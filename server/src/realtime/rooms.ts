import { type AgentBoardScope, hasRole, type LeaderboardMetric, type Role, type Scope, type WindowName } from '@floorpulse/shared';

/**
 * Room names. Two audience rooms split every screen in two disjoint sets, so one broadcast per
 * audience reaches each socket exactly once: `screens` (viewer, analyst) get redacted alerts,
 * `supervisors` (supervisor, admin) get the full ones with evidence.
 */
export const SCREENS = 'audience:screens';
export const SUPERVISORS = 'audience:supervisors';
/** Agents' own screens (/me): no floor alerts; what is theirs comes to their person room. */
export const PEOPLE = 'audience:people';

export function audienceOf(role: Role): typeof SCREENS | typeof SUPERVISORS | typeof PEOPLE {
  if (role === 'agent') return PEOPLE;
  return hasRole(role, 'supervisor') ? SUPERVISORS : SCREENS;
}

/**
 * Escalations (alerts/alert-escalation.ts) go to the supervisors of the alert's team and to the floor
 * managers (admins): a supervisor person joins the room of each of their teams, an admin the floor's.
 */
export const teamSupervisorsRoom = (teamId: string): string => `supervisors:team:${teamId}`;
export const FLOOR_MANAGERS = 'audience:floor-managers';

/**
 * A team's metric alerts on the walls (alerts/alerts-feed.ts): a screen limited to teams (a team's
 * display link) joins its teams' rooms, an unlimited one (a viewer token) the room of every team.
 */
export const screensTeamRoom = (teamId: string): string => `screens:team:${teamId}`;
export const SCREENS_EVERY_TEAM = 'screens:every-team';

/** A signed-in person's own room: what concerns only them (their help request's status). */
export const personRoom = (login: string): string => `person:${login}`;

/**
 * A subscription room is its prefix and its key as JSON: the key can be read back from the name,
 * so rooms that connection state recovery re-joins are fed like any other.
 */
export const RATES_PREFIX = 'rates|';
export const BOARD_PREFIX = 'board|';
export const GOALS_PREFIX = 'goals|';
/** The supervisors' agents table of the floor or a team (agent-board/agent-board-feed.ts). */
export const AGENTS_PREFIX = 'agents|';

export const ratesRoom = (scope: Scope, window: WindowName): string => RATES_PREFIX + JSON.stringify({ scope, window });
export const boardRoom = (scope: Scope, metric: LeaderboardMetric): string => BOARD_PREFIX + JSON.stringify({ scope, metric });
/** No scope: a subscription to every goal. */
export const goalsRoom = (scope: Scope | undefined): string => GOALS_PREFIX + JSON.stringify({ scope });

export const agentBoardRoom = (scope: AgentBoardScope): string => AGENTS_PREFIX + JSON.stringify({ scope });

/** A room a socket is in by subscribing (not its own id, not its audience room). */
export const isSubscriptionRoom = (room: string): boolean =>
  [RATES_PREFIX, BOARD_PREFIX, GOALS_PREFIX, AGENTS_PREFIX].some((p) => room.startsWith(p));
