import type { Observable, SchedulerLike } from 'rxjs';
import type { Logger } from 'pino';
import type { GoalProgress, Leaderboard, RatesSnapshot, Scope, WindowName } from '@floorpulse/shared';
import type { WindowStore } from '../pipeline/windows/window-store.js';
import type { GoalsView } from '../rules/contracts.js';
import type { AgentLookup } from '../agents/agent-directory.js';
import { buildLeaderboard, type BoardKey } from './leaderboard.js';
import { isDirty, type Dirty } from './dirty.js';
import { RoomFeed } from './room-feed.js';
import { BOARD_PREFIX, GOALS_PREFIX, RATES_PREFIX } from './rooms.js';
import type { FloorIo } from './types.js';

/** 250 ms: the bound — at most four rate updates a second per room, however busy the floor. */
export const RATES_PERIOD_MS = 250;
/** 1 s: goal progress may query storage; once a second is live enough for "15/20". */
export const GOALS_PERIOD_MS = 1000;

export interface FeedsDeps {
  io: FloorIo;
  windows: WindowStore;
  /** Teams of the agents, and the robot lines the people's leaderboard leaves off. */
  agents: AgentLookup;
  goals: () => GoalsView | undefined;
  dirty$: Observable<Dirty>;
  scheduler: SchedulerLike;
  log: Logger;
}

export interface Feeds {
  rates: RoomFeed<{ scope: Scope; window: WindowName }, RatesSnapshot>;
  boards: RoomFeed<BoardKey, Leaderboard>;
  goals: RoomFeed<{ scope?: Scope }, GoalProgress[]>;
}

/**
 * The three subscription feeds, all `local`: each process's windows are its own numbers, which
 * the Redis adapter must not mix. Rates are volatile: a dropped one is superseded within 10 s at
 * most, since `to` moves every bucket. Boards and goals do not move with time alone, so they are
 * not volatile — a dropped last board would stay wrong.
 */
export function createFeeds({ io, windows, agents, goals, dirty$, scheduler, log }: FeedsDeps): Feeds {
  const onError = (err: unknown, room: string) => log.error({ err, room }, 'realtime feed computation failed');
  const rates = new RoomFeed<{ scope: Scope; window: WindowName }, RatesSnapshot>({
    prefix: RATES_PREFIX, dirty$, periodMs: RATES_PERIOD_MS, scheduler, onError,
    affected: (key, dirty) => isDirty(dirty, key.scope),
    compute: (key) => windows.snapshot(key.scope, key.window, scheduler.now()),
    send: (room, snap) => io.local.to(room).volatile.emit('rates:update', snap),
  });
  const boards = new RoomFeed<BoardKey, Leaderboard>({
    prefix: BOARD_PREFIX, dirty$, periodMs: RATES_PERIOD_MS, scheduler, onError,
    // Any agent's change may reorder a board; boards are few (floor and teams), agents many.
    affected: (key, dirty) => dirty.all || [...dirty.scopes].some((s) => s.startsWith('agent:')) || isDirty(dirty, key.scope),
    compute: (key) => buildLeaderboard(windows, agents, key, scheduler.now()),
    // `to` moves every bucket; only a new order, new numbers or a new day is news to the wall.
    fingerprint: (b) => JSON.stringify([b.from, b.entries]),
    send: (room, board) => io.local.to(room).emit('leaderboard:update', board),
  });
  const goalsFeed = new RoomFeed<{ scope?: Scope }, GoalProgress[]>({
    prefix: GOALS_PREFIX, dirty$, periodMs: GOALS_PERIOD_MS, scheduler, onError,
    affected: ({ scope }, dirty) => scope === undefined || isDirty(dirty, scope),
    compute: async ({ scope }) => {
      const view = goals();
      return view ? view.progress(scope) : [];
    },
    send: (room, progress) => io.local.to(room).emit('goals:update', progress),
  });
  return { rates, boards, goals: goalsFeed };
}
