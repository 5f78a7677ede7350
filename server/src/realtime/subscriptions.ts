import type { Logger } from 'pino';
import type { SchedulerLike } from 'rxjs';
import type { GoalsView } from '../rules/contracts.js';
import type { WindowStore } from '../pipeline/windows/window-store.js';
import type { AgentLookup } from '../agents/agent-directory.js';
import { buildLeaderboard } from './leaderboard.js';
import { BOARD_PREFIX, boardRoom, GOALS_PREFIX, goalsRoom, RATES_PREFIX, ratesRoom } from './rooms.js';
import { goalsSchema, leaderboardSchema, subscribeSchema } from './schemas.js';
import { SafeAckError, withAck } from './with-ack.js';
import type { FloorSocket } from './types.js';

/**
 * Rooms one socket may be in: a wall shows a few dozen (tiles × windows, boards, goals, rotation);
 * without a bound one client could make the server compute thousands of rooms.
 */
export const MAX_ROOMS_PER_SOCKET = 100;

export interface SubscriptionDeps {
  windows: WindowStore;
  agents: AgentLookup;
  goals: () => GoalsView | undefined;
  scheduler: SchedulerLike;
  log: Logger;
}

/**
 * subscribe / unsubscribe for rates, leaderboards and goals. The ack carries the current payload,
 * computed once for this socket; updates come from the room's feed, one computation for all.
 */
export function handleSubscriptions(socket: FloorSocket, deps: SubscriptionDeps): void {
  const { windows, scheduler } = deps;
  const onUnexpected = (err: unknown) => deps.log.error({ err, socket: socket.id }, 'socket handler failed');
  const viewer = { schema: subscribeSchema, role: 'viewer' as const, onUnexpected };
  const join = async (room: string) => {
    // socket.rooms also holds the socket's own id and its audience room: count only subscriptions.
    const subscribed = [...socket.rooms].filter((r) => r.startsWith(RATES_PREFIX) || r.startsWith(BOARD_PREFIX) || r.startsWith(GOALS_PREFIX));
    if (!socket.rooms.has(room) && subscribed.length >= MAX_ROOMS_PER_SOCKET) throw new SafeAckError('too many subscriptions');
    await socket.join(room);
  };

  socket.on('subscribe', withAck(socket, viewer, async (req) => {
    await join(ratesRoom(req.scope, req.window));
    return windows.snapshot(req.scope, req.window, scheduler.now());
  }));
  socket.on('unsubscribe', withAck(socket, viewer, async (req) => {
    await socket.leave(ratesRoom(req.scope, req.window));
    return null;
  }));

  const boards = { ...viewer, schema: leaderboardSchema };
  socket.on('leaderboard:subscribe', withAck(socket, boards, async (req) => {
    await join(boardRoom(req.scope, req.metric));
    return buildLeaderboard(windows, deps.agents, req, scheduler.now());
  }));
  socket.on('leaderboard:unsubscribe', withAck(socket, boards, async (req) => {
    await socket.leave(boardRoom(req.scope, req.metric));
    return null;
  }));

  const goals = { ...viewer, schema: goalsSchema };
  socket.on('goals:subscribe', withAck(socket, goals, async (req) => {
    const view = deps.goals();
    if (!view) throw new SafeAckError('unavailable'); // the rules stage is not wired in this build
    await join(goalsRoom(req.scope));
    return view.progress(req.scope);
  }));
  socket.on('goals:unsubscribe', withAck(socket, goals, async (req) => {
    await socket.leave(goalsRoom(req.scope));
    return null;
  }));
}
