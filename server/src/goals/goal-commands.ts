import { goalsSubscribeSchema } from '@floorpulse/shared';
import { goalsRoom } from '../realtime/rooms.js';
import type { ScreenContext } from '../realtime/screen-feature.js';
import { joinRoom } from '../realtime/subscriptions.js';
import type { FloorSocket } from '../realtime/types.js';
import { SafeAckError, withAck } from '../realtime/with-ack.js';
import type { GoalsView } from './goals-service.js';

/**
 * goals:subscribe / goals:unsubscribe (viewer). The ack carries the progress now; updates come from
 * the room's feed (goals-feed.ts). Without a goals view every subscribe answers 'unavailable'.
 */
export function handleGoalCommands(socket: FloorSocket, goals: GoalsView | null, ctx: Pick<ScreenContext, 'log' | 'canSee'>): void {
  const onUnexpected = (err: unknown) => ctx.log.error({ err, socket: socket.id }, 'socket handler failed');
  const opts = { schema: goalsSubscribeSchema, role: 'wall' as const, onUnexpected };
  socket.on(
    'goals:subscribe',
    withAck(socket, opts, async (req) => {
      if (!goals) throw new SafeAckError('unavailable');
      // Every goal (no scope) is the floor's; a display or an agent asks for their own scope.
      if (req.scope === undefined ? socket.data.limits !== null : !ctx.canSee(socket.data, req.scope))
        throw new SafeAckError('not yours to see');
      await joinRoom(socket, goalsRoom(req.scope));
      return goals.progress(req.scope);
    }),
  );
  socket.on(
    'goals:unsubscribe',
    withAck(socket, opts, async (req) => {
      await socket.leave(goalsRoom(req.scope));
      return null;
    }),
  );
}
