import { leaderboardSchema, type Scope, type SocketData, subscribeSchema } from '@floorpulse/shared';
import type { Logger } from 'pino';
import type { SchedulerLike } from 'rxjs';
import type { WindowStore } from '../pipeline/windows/window-store.js';
import { type BoardAgents, type BoardValues, buildLeaderboard } from './leaderboard.js';
import { boardRoom, isSubscriptionRoom, ratesRoom } from './rooms.js';
import type { FloorSocket } from './types.js';
import { SafeAckError, withAck } from './with-ack.js';

/**
 * Rooms one socket may be in: a wall shows a few dozen (tiles × windows, boards, goals, rotation);
 * without a bound one client could make the server compute thousands of rooms.
 */
export const MAX_ROOMS_PER_SOCKET = 100;

/** Joins a subscription room, within MAX_ROOMS_PER_SOCKET ('too many subscriptions' past it). */
export async function joinRoom(socket: FloorSocket, room: string): Promise<void> {
  // socket.rooms also holds the socket's own id and its audience room: count only subscriptions.
  const subscribed = [...socket.rooms].filter(isSubscriptionRoom);
  if (!socket.rooms.has(room) && subscribed.length >= MAX_ROOMS_PER_SOCKET) throw new SafeAckError('too many subscriptions');
  await socket.join(room);
}

export interface SubscriptionDeps {
  windows: WindowStore;
  agents: BoardAgents;
  scheduler: SchedulerLike;
  log: Logger;
  canSee(data: SocketData, scope: Scope): boolean;
  /** The boards' values besides the counts (the KPI score, points): the same the feeds compute with. */
  values?: BoardValues | undefined;
}

/**
 * subscribe / unsubscribe for rates and leaderboards. The ack carries the current payload,
 * computed once for this socket; updates come from the room's feed, one computation for all.
 * (Goals: goals/goal-commands.ts.)
 */
export function handleSubscriptions(socket: FloorSocket, deps: SubscriptionDeps): void {
  const { windows, scheduler } = deps;
  const onUnexpected = (err: unknown) => deps.log.error({ err, socket: socket.id }, 'socket handler failed');
  const viewer = { schema: subscribeSchema, role: 'wall' as const, onUnexpected };
  // A display reads its own wall, an agent their own numbers: anything else is 'forbidden'.
  const mine = (scope: Scope) => {
    if (!deps.canSee(socket.data, scope)) throw new SafeAckError('not yours to see');
  };

  socket.on(
    'subscribe',
    withAck(socket, viewer, async (req) => {
      mine(req.scope);
      await joinRoom(socket, ratesRoom(req.scope, req.window));
      return windows.snapshot(req.scope, req.window, scheduler.now());
    }),
  );
  socket.on(
    'unsubscribe',
    withAck(socket, viewer, async (req) => {
      await socket.leave(ratesRoom(req.scope, req.window));
      return null;
    }),
  );

  const boards = { ...viewer, schema: leaderboardSchema };
  socket.on(
    'leaderboard:subscribe',
    withAck(socket, boards, async (req) => {
      mine(req.scope);
      await joinRoom(socket, boardRoom(req.scope, req.metric));
      return buildLeaderboard(windows, deps.agents, req, scheduler.now(), deps.values);
    }),
  );
  socket.on(
    'leaderboard:unsubscribe',
    withAck(socket, boards, async (req) => {
      await socket.leave(boardRoom(req.scope, req.metric));
      return null;
    }),
  );
}
