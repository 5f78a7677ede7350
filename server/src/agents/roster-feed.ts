import type { RosterChange } from '@floorpulse/shared';
import type { Observable } from 'rxjs';
import { PEOPLE, SCREENS, SUPERVISORS } from '../realtime/rooms.js';
import type { ScreenFeature } from '../realtime/screen-feature.js';
import { screenChange } from './roster-payload.js';

/**
 * Roster changes on every screen (`roster:update`), so names change without a reload. Every socket is
 * a screen allowed to read the roster (the handshake asks for `wall`, as GET /api/v1/roster does);
 * supervisors and admins get the change whole, every other audience without supervisors' logins.
 * Through the Redis adapter the broadcast reaches the other processes' screens too; their own roster
 * catches up on its 10 s refresh (app.ts).
 */
export function rosterFeed(deps: { changes$: Observable<RosterChange> }): ScreenFeature {
  return {
    start: ({ io }) =>
      deps.changes$.subscribe((change) => {
        io.to(SUPERVISORS).emit('roster:update', change);
        io.to([SCREENS, PEOPLE]).emit('roster:update', screenChange(change));
      }),
  };
}
