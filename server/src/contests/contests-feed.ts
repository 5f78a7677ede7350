import { type ContestBoard, contestsSubscribeSchema } from '@floorpulse/shared';
import { auditTime, type Observable, Subscription } from 'rxjs';
import type { ScreenFeature } from '../realtime/screen-feature.js';
import { joinRoom } from '../realtime/subscriptions.js';
import { SafeAckError, withAck } from '../realtime/with-ack.js';

/** The walls' contests room: the floor's contests are the floor's, on its unlimited screens. */
export const CONTESTS_ROOM = 'contests|floor';
/** 500 ms: a race bar moves twice a second at most, however many batches a second arrive (sales storms). */
export const CONTESTS_PUSH_MS = 500;

export interface ContestsFeedDeps {
  boards(): ContestBoard[];
  changed$: Observable<void>;
}

/**
 * contests:subscribe / contests:unsubscribe (wall, unlimited screens: a team's TV or an agent does not see
 * another team's race) and contests:update, sent when the boards changed: fed from the live tally, never
 * by querying ClickHouse. Not volatile: a dropped last update would leave a bar wrong.
 */
export function contestsFeed(deps: ContestsFeedDeps): ScreenFeature {
  return {
    start: ({ io, scheduler }) => {
      let last = '';
      const subs = new Subscription();
      subs.add(
        deps.changed$.pipe(auditTime(CONTESTS_PUSH_MS, scheduler)).subscribe(() => {
          const boards = deps.boards();
          const json = JSON.stringify(boards);
          if (json === last) return;
          last = json;
          io.local.to(CONTESTS_ROOM).emit('contests:update', boards);
        }),
      );
      return subs;
    },
    connect: (socket, ctx) => {
      const onUnexpected = (err: unknown) => ctx.log.error({ err, socket: socket.id }, 'socket handler failed');
      const opts = { schema: contestsSubscribeSchema, role: 'wall' as const, onUnexpected };
      socket.on(
        'contests:subscribe',
        withAck(socket, opts, async () => {
          if (socket.data.limits !== null) throw new SafeAckError('not yours to see');
          await joinRoom(socket, CONTESTS_ROOM);
          return deps.boards();
        }),
      );
      socket.on(
        'contests:unsubscribe',
        withAck(socket, opts, async () => {
          await socket.leave(CONTESTS_ROOM);
          return null;
        }),
      );
      // Back with its rooms recovered: what it may have missed while away.
      if (socket.recovered && socket.rooms.has(CONTESTS_ROOM)) socket.emit('contests:update', deps.boards());
    },
  };
}
