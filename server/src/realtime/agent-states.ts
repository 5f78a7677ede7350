import type { StoredEvent } from '@floorpulse/shared';
import type { Observable, Subscription } from 'rxjs';
import { SUPERVISORS } from './rooms.js';
import type { FloorIo } from './types.js';

/**
 * Pushes each agent's state to supervisor screens the moment it changes: agent.state is not a count,
 * so no rates window carries it. A late state older than the one already shown is not sent. Every
 * process sees every stored batch (cluster fan-in), so each emits to its own sockets only.
 */
export function agentStatesFeed(io: FloorIo, stored$: Observable<readonly StoredEvent[]>): Subscription {
  const shownAt = new Map<string, number>();
  return stored$.subscribe((batch) => {
    for (const e of batch) {
      if (e.type !== 'agent.state' || (shownAt.get(e.agentId) ?? -Infinity) > e.ts) continue;
      shownAt.set(e.agentId, e.ts);
      io.local.to(SUPERVISORS).emit('agent:state', {
        agentId: e.agentId,
        teamId: e.teamId,
        state: e.state,
        reason: e.reason ?? '',
        at: new Date(e.ts).toISOString(),
      });
    }
  });
}
