import { Subscription, type Observable } from 'rxjs';
import type { AlertChange, Celebration } from '@floorpulse/shared';
import { SCREENS, SUPERVISORS } from './rooms.js';
import { screenCelebration, supervisorAlert, wallAlert } from './screen-payloads.js';
import type { ReplayLog } from './replay-log.js';
import type { FloorIo } from './types.js';

export interface AlertsFeedDeps {
  io: FloorIo;
  alerts$: Observable<AlertChange>;
  celebrations$: Observable<Celebration>;
  replay: ReplayLog;
  /** Other processes exist (Redis adapter): share celebrations with their replay logs. */
  peers: boolean;
}

/**
 * Alerts and celebrations to the screens. Never volatile: a missed sale or page is the failure
 * the wall exists to prevent, and only non-volatile broadcasts are kept for connection state
 * recovery. Through the Redis adapter these broadcasts reach every process's screens.
 */
export function alertsFeed({ io, alerts$, celebrations$, replay, peers }: AlertsFeedDeps): Subscription {
  const subs = new Subscription();
  subs.add(
    alerts$.subscribe(({ kind, alert }) => {
      const event = kind === 'new' ? 'alert:new' : 'alert:update';
      // An ack by anyone reaches every supervisor at once: the change itself comes back on alerts$.
      io.to(SUPERVISORS).emit(event, supervisorAlert(alert));
      // The wall shows floor alerts only: who is struggling is for supervisors, not the room.
      if (alert.level === 'floor') io.to(SCREENS).emit(event, wallAlert(alert));
    }),
  );
  subs.add(
    celebrations$.subscribe((c) => {
      const safe = screenCelebration(c);
      if (!replay.add(safe)) return; // an id already celebrated: never twice
      // Peers' logs first: a screen that saw it on another process can then resume there.
      if (peers) io.serverSideEmit('celebration:log', safe);
      io.to([SCREENS, SUPERVISORS]).emit('celebration', safe);
    }),
  );
  const fromPeer = (c: Celebration): void => void replay.add(screenCelebration(c));
  io.on('celebration:log', fromPeer);
  subs.add(() => io.off('celebration:log', fromPeer));
  return subs;
}
