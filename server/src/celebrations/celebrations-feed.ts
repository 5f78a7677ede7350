import type { Celebration } from '@floorpulse/shared';
import { type Observable, Subscription } from 'rxjs';
import { RECOVERY_MS } from '../realtime/io-options.js';
import { SCREENS, SUPERVISORS } from '../realtime/rooms.js';
import type { ScreenFeature } from '../realtime/screen-feature.js';
import { screenCelebration } from './celebration-payload.js';
import { ReplayLog } from './replay-log.js';

/** The last celebration a reconnecting screen showed, from its handshake. */
export function lastCelebrationId(auth: unknown): string | null {
  if (typeof auth !== 'object' || auth === null || !('lastCelebrationId' in auth)) return null;
  const id = auth.lastCelebrationId;
  return typeof id === 'string' && id.length > 0 && id.length <= 200 ? id : null;
}

/**
 * Celebrations on every screen, each id once. Never volatile: a missed sale is the failure the wall
 * exists to prevent. A screen whose state could not be recovered names the last one it showed and
 * gets those after it from a 2-minute log, which the processes share over the Redis adapter.
 */
export function celebrationsFeed(deps: {
  celebrations$: Observable<Celebration>;
  /** The points a celebration earned, for its card ("+20"); absent: none shown (server/src/points/). */
  pointsOf?: (c: Celebration) => number | undefined;
}): ScreenFeature {
  // Made at start, on the screens' clock; the connections that come after read it.
  let replay: ReplayLog | null = null;
  return {
    start: ({ io, peers, scheduler }) => {
      const kept = new ReplayLog({ keepMs: RECOVERY_MS, maxEntries: 1000, scheduler });
      replay = kept;
      const subs = new Subscription();
      subs.add(
        deps.celebrations$.subscribe((c) => {
          const points = deps.pointsOf?.(c);
          const safe = screenCelebration(points === undefined ? c : { ...c, points });
          if (!kept.add(safe)) return; // an id already celebrated: never twice
          // Peers' logs first: a screen that saw it on another process can then resume there.
          if (peers) io.serverSideEmit('celebration:log', safe);
          io.to([SCREENS, SUPERVISORS]).emit('celebration', safe);
        }),
      );
      const fromPeer = (c: Celebration): void => void kept.add(screenCelebration(c));
      io.on('celebration:log', fromPeer);
      subs.add(() => io.off('celebration:log', fromPeer));
      return subs;
    },
    connect: (socket) => {
      // A recovered session got what it missed from Socket.IO: a replay on top would show some twice.
      if (socket.recovered || !replay) return;
      const last = lastCelebrationId(socket.handshake.auth);
      if (last) for (const c of replay.after(last)) socket.emit('celebration', c);
    },
  };
}
