import type { Leaderboard, RatesSnapshot, Scope, WindowName } from '@floorpulse/shared';
import type { Logger } from 'pino';
import type { Observable, SchedulerLike } from 'rxjs';
import type { WindowStore } from '../pipeline/windows/window-store.js';
import { type Dirty, isDirty } from './dirty.js';
import { type BoardAgents, type BoardKey, type BoardPoints, buildLeaderboard, type KpiOf } from './leaderboard.js';
import { RoomFeed } from './room-feed.js';
import { BOARD_PREFIX, RATES_PREFIX } from './rooms.js';
import type { FloorIo } from './types.js';

/** 250 ms: at most four rate updates a second per room, however busy the floor (docs/realtime.md). */
export const RATES_PERIOD_MS = 250;

export interface FeedsDeps {
  io: FloorIo;
  windows: WindowStore;
  /** Teams of the agents, and the robot lines the people's leaderboard leaves off. */
  agents: BoardAgents;
  dirty$: Observable<Dirty>;
  scheduler: SchedulerLike;
  log: Logger;
  /** rank=kpi boards: today's KPI score of an agent's counts. */
  kpiOf?: KpiOf | undefined;
  /** Today's points per agent, for the boards ranked by points (server/src/points/). */
  points?: BoardPoints | undefined;
}

export interface Feeds {
  rates: RoomFeed<{ scope: Scope; window: WindowName }, RatesSnapshot>;
  boards: RoomFeed<BoardKey, Leaderboard>;
}

/**
 * The rates and leaderboard feeds, both `local`: each process's windows are its own numbers, which
 * the Redis adapter must not mix. Rates are volatile: a dropped one is superseded within 10 s at
 * most, since `to` moves every bucket. Boards do not move with time alone, so they are not
 * volatile — a dropped last board would stay wrong. (Goals: goals/goals-feed.ts.)
 */
export function createFeeds({ io, windows, agents, dirty$, scheduler, log, kpiOf, points }: FeedsDeps): Feeds {
  const onError = (err: unknown, room: string) => log.error({ err, room }, 'realtime feed computation failed');
  const rates = new RoomFeed<{ scope: Scope; window: WindowName }, RatesSnapshot>({
    prefix: RATES_PREFIX,
    dirty$,
    periodMs: RATES_PERIOD_MS,
    scheduler,
    onError,
    affected: (key, dirty) => isDirty(dirty, key.scope),
    compute: (key) => windows.snapshot(key.scope, key.window, scheduler.now()),
    send: (room, snap) => io.local.to(room).volatile.emit('rates:update', snap),
  });
  const boards = new RoomFeed<BoardKey, Leaderboard>({
    prefix: BOARD_PREFIX,
    dirty$,
    periodMs: RATES_PERIOD_MS,
    scheduler,
    onError,
    // Any agent's change may reorder a board; boards are few (floor and teams), agents many.
    affected: (key, dirty) => dirty.all || [...dirty.scopes].some((s) => s.startsWith('agent:')) || isDirty(dirty, key.scope),
    compute: (key) => buildLeaderboard(windows, agents, key, scheduler.now(), { kpiOf, points }),
    // `to` moves every bucket; only a new order, new numbers or a new day is news to the wall.
    fingerprint: (b) => JSON.stringify([b.from, b.entries]),
    send: (room, board) => io.local.to(room).emit('leaderboard:update', board),
  });
  return { rates, boards };
}
