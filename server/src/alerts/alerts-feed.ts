import type { AlertChange } from '@floorpulse/shared';
import type { Observable } from 'rxjs';
import { SCREENS, SUPERVISORS } from '../realtime/rooms.js';
import type { ScreenFeature } from '../realtime/screen-feature.js';
import type { AlertActions } from './alert-actions.js';
import { handleAlertCommands } from './alert-commands.js';
import { supervisorAlert, wallAlert } from './alert-payloads.js';

/**
 * Alerts on the screens: every opening and transition on alerts$ to the supervisors, floor-level ones
 * to the walls too, and the supervisors' commands (alert-commands.ts). Never volatile: a missed page
 * is the failure the wall exists to prevent, and only non-volatile broadcasts are kept for connection
 * state recovery. Through the Redis adapter these broadcasts reach every process's screens.
 */
export function alertsFeed(deps: { alerts$: Observable<AlertChange>; actions: AlertActions }): ScreenFeature {
  return {
    start: ({ io }) =>
      deps.alerts$.subscribe(({ kind, alert }) => {
        const event = kind === 'new' ? 'alert:new' : 'alert:update';
        // An ack by anyone reaches every supervisor at once: the change itself comes back on alerts$.
        io.to(SUPERVISORS).emit(event, supervisorAlert(alert));
        // The wall shows floor alerts only: who is struggling is for supervisors, not the room.
        if (alert.level === 'floor') io.to(SCREENS).emit(event, wallAlert(alert));
      }),
    connect: (socket, { log }) => handleAlertCommands(socket, deps.actions, log),
  };
}
