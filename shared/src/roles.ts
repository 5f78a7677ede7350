/**
 * Who may do what (docs/people.md, "Roles"). Machine tokens carry ingest, viewer, supervisor, analyst
 * or admin; a signed-in person carries agent, supervisor, analyst or admin; a TV's display link carries
 * display. INGEST only writes events; ANALYST reads history and runs read-only SQL.
 */
export const ROLES = ['ingest', 'viewer', 'display', 'agent', 'supervisor', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];
/** The roles a machine token (INGEST_TOKEN, VIEWER_TOKEN, …) carries: a script's or a kiosk's, no person's. */
export const TOKEN_ROLES = ['ingest', 'viewer', 'supervisor', 'analyst', 'admin'] as const;
export type TokenRole = (typeof TOKEN_ROLES)[number];

/**
 * What a route or a socket event asks for: a role, or `wall`, the live numbers a screen shows (rates,
 * goals, boards, the wall's alerts and trends). A display and an agent are let in to `wall` but see only
 * their own scopes (ScopeLimits); viewer and up see the floor.
 */
export type Need = Role | 'wall';

const GRANTS: Record<Role, readonly Need[]> = {
  ingest: ['ingest'],
  viewer: ['viewer', 'wall'],
  display: ['display', 'wall'],
  agent: ['agent', 'wall'],
  supervisor: ['viewer', 'wall', 'supervisor'],
  analyst: ['viewer', 'wall', 'analyst'],
  admin: ['ingest', 'viewer', 'wall', 'supervisor', 'analyst', 'admin'],
};

export function hasRole(have: Role, need: Need): boolean {
  return GRANTS[have].includes(need);
}

/**
 * The scopes a display or an agent may read; null for the whole floor. A display of `team:north` sees that
 * team, its agents and the floor's human-vs-robot panel; an agent sees themself and their team's totals.
 */
export interface ScopeLimits {
  teams: string[];
  /** Agents by id; 'of-teams': every agent of `teams` (a team's TV shows its people). */
  agents: string[] | 'of-teams';
  /** channel:human and channel:robot (the wall's human-vs-robot panel). */
  channels: boolean;
}

/**
 * Why a credential was refused, so a screen says so instead of waiting forever (docs/people.md): none
 * presented, one that is not ours, a display link an admin switched off, a person's session that ended
 * (signed out, expired, the user disabled). HTTP answers it in a 401's `refusal`; a socket gets it in
 * `access:refused` before the server closes it.
 */
export const REFUSALS = ['missing', 'invalid', 'display revoked', 'session ended'] as const;
export type Refusal = (typeof REFUSALS)[number];
