import { hasRole, type SocketData } from '@floorpulse/shared';
import { interval, merge, type Observable, type SchedulerLike, type Subscription } from 'rxjs';
import type { Access } from '../auth/access.js';
import { handshakeCredentials } from './auth.js';
import type { FloorIo, FloorSocket } from './types.js';

/** 60 s: a session that runs out (12 h, auth/sessions.ts) closes its sockets within a minute. */
export const RECHECK_MS = 60_000;

/**
 * Sockets whose credential stopped being good while they were connected. A handshake is judged once;
 * without this a revoked display link would keep its TV live until the next reconnect, and then leave
 * it on a refusal it never explains. So on every change of who may (`changed$`: a display link revoked,
 * a session signed out, a user changed or disabled, a refresh from ClickHouse with several processes)
 * and every RECHECK_MS, each of this process's sockets is judged again exactly as at its handshake:
 * - refused: told why (`access:refused`), then closed; the screen shows it (docs/people.md);
 * - still let in, but as someone else (a role, limits or teams changed): closed, so it connects again
 *   as who it is now (its rooms and audience follow the new role);
 * - otherwise left alone.
 * Local sockets only: every process runs its own recheck on its own directories' changes.
 */
export function recheckAccess(o: { io: FloorIo; access: Access; changed$: Observable<void>; scheduler: SchedulerLike }): Subscription {
  return merge(o.changed$, interval(RECHECK_MS, o.scheduler)).subscribe(() => {
    for (const socket of o.io.of('/').sockets.values()) recheck(socket, o.access);
  });
}

function recheck(socket: FloorSocket, access: Access): void {
  const verdict = access.judge(handshakeCredentials(socket));
  if (!verdict.ok) {
    socket.emit('access:refused', { refusal: verdict.refusal });
    socket.disconnect(true);
    return;
  }
  if (!hasRole(verdict.principal.role, 'wall') || changed(socket.data, verdict.principal)) socket.disconnect(true);
}

/** What decides a socket's rooms and what it may read. A new display name is not worth a reconnect. */
function changed(was: SocketData, now: SocketData): boolean {
  return (
    was.role !== now.role ||
    was.by !== now.by ||
    JSON.stringify(was.limits) !== JSON.stringify(now.limits) ||
    JSON.stringify(was.teams ?? []) !== JSON.stringify(now.teams ?? []) ||
    was.agentId !== now.agentId
  );
}
