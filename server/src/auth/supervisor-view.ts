import type { Principal } from './principal.js';

/**
 * The teams a list shows by default (docs/people.md, "Supervisors"): a signed-in supervisor sees the
 * teams they look after; `scope=floor` is the deliberate request for the whole floor. A view, not a
 * fence: a supervisor may always read the floor (their limits are null, auth/access.ts), so the
 * default only decides what they are shown first. Null: the whole floor (everyone else, a supervisor
 * who looks after no team, or one who asked).
 */
export function supervisorTeams(p: Principal, scope: unknown): string[] | null {
  if (p.kind !== 'person' || p.role !== 'supervisor' || !p.teams?.length || scope === 'floor') return null;
  return p.teams;
}
