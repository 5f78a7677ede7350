import type { AlertChange } from '@floorpulse/shared';
import type { Observable } from 'rxjs';
import {
  audienceOf,
  FLOOR_MANAGERS,
  SCREENS,
  SCREENS_EVERY_TEAM,
  SUPERVISORS,
  screensTeamRoom,
  teamSupervisorsRoom,
} from '../realtime/rooms.js';
import type { ScreenFeature } from '../realtime/screen-feature.js';
import type { AlertActions } from './alert-actions.js';
import { handleAlertCommands } from './alert-commands.js';
import { onTeamWall, supervisorAlert, wallAlert } from './alert-payloads.js';

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
        // The walls show the floor's alerts, and a team's wall its team's metric alerts (a team's numbers):
        // who is struggling (agent-level, and every call's evidence) is for supervisors, not the room.
        if (alert.level === 'floor') io.to(SCREENS).emit(event, wallAlert(alert));
        else if (onTeamWall(alert)) io.to([screensTeamRoom(alert.teamId), SCREENS_EVERY_TEAM]).emit(event, wallAlert(alert));
        // Nobody acknowledged it in time: its team's supervisors and the floor managers are called (alert-escalation.ts).
        if (kind === 'escalated')
          io.to(alert.teamId ? [teamSupervisorsRoom(alert.teamId), FLOOR_MANAGERS] : FLOOR_MANAGERS).emit(
            'alert:escalated',
            supervisorAlert(alert),
          );
      }),
    connect: (socket, { log }) => {
      const { role, teams, limits } = socket.data;
      if (audienceOf(role) === SCREENS) void socket.join(limits ? limits.teams.map(screensTeamRoom) : [SCREENS_EVERY_TEAM]);
      if (role === 'admin') void socket.join(FLOOR_MANAGERS);
      else if (role === 'supervisor') for (const t of teams ?? []) void socket.join(teamSupervisorsRoom(t));
      handleAlertCommands(socket, deps.actions, log);
    },
  };
}
