import type { GoalProgress, Scope } from '@floorpulse/shared';
import { isDirty } from '../realtime/dirty.js';
import { followRooms, resendCurrent } from '../realtime/follow-rooms.js';
import { RoomFeed } from '../realtime/room-feed.js';
import { GOALS_PREFIX } from '../realtime/rooms.js';
import type { ScreenFeature } from '../realtime/screen-feature.js';
import { handleGoalCommands } from './goal-commands.js';
import type { GoalsView } from './goals-service.js';

/** 1 s: goal progress may query storage; once a second is live enough for "15/20". */
export const GOALS_PERIOD_MS = 1000;

/**
 * Goal progress on the screens: a room per scope (or all goals), recomputed when its numbers may have
 * moved, sent when it changed; `local` like the rates (each process's windows are its own numbers) and
 * not volatile (progress does not move with time alone, so a dropped last one would stay wrong).
 * `goals` null: no goal progress here, subscribe answers 'unavailable'.
 */
export function goalsFeed({ goals }: { goals: GoalsView | null }): ScreenFeature {
  let feed: RoomFeed<{ scope?: Scope }, GoalProgress[]> | null = null;
  return {
    start: ({ io, dirty$, scheduler, log }) => {
      feed = new RoomFeed<{ scope?: Scope }, GoalProgress[]>({
        prefix: GOALS_PREFIX,
        dirty$,
        periodMs: GOALS_PERIOD_MS,
        scheduler,
        onError: (err, room) => log.error({ err, room }, 'realtime feed computation failed'),
        affected: ({ scope }, dirty) => scope === undefined || isDirty(dirty, scope),
        compute: async ({ scope }) => (goals ? goals.progress(scope) : []),
        send: (room, progress) => io.local.to(room).emit('goals:update', progress),
      });
      return followRooms(io, [feed]);
    },
    connect: (socket, ctx) => {
      const { log } = ctx;
      handleGoalCommands(socket, goals, ctx);
      if (socket.recovered && feed) void resendCurrent(socket, feed, (progress) => socket.emit('goals:update', progress), log);
    },
  };
}
