import { interval, map, merge, share, Subscription, type Observable, type SchedulerLike } from 'rxjs';
import type { Logger } from 'pino';
import type { AlertChange, Celebration, Role, StoredEvent } from '@floorpulse/shared';
import type { Config } from '../config/config.js';
import type { WindowStore } from '../pipeline/windows/window-store.js';
import type { WindowsChange } from '../pipeline/windows/rolling-windows.js';
import type { AlertActions, GoalsView } from '../rules/contracts.js';
import type { AuthFailures } from '../limits/auth-failures.js';
import type { AgentLookup } from '../agents/agent-directory.js';
import { agentStatesFeed } from './agent-states.js';
import { alertsFeed } from './alerts-feed.js';
import { handleAlertCommands } from './alert-commands.js';
import { authenticate, lastCelebrationId } from './auth.js';
import { guardBuffer } from './backpressure.js';
import { ALL_DIRTY, type Dirty } from './dirty.js';
import { createFeeds, type Feeds } from './feeds.js';
import { useRedisAdapter } from './redis-adapter.js';
import { ReplayLog } from './replay-log.js';
import { audienceOf } from './rooms.js';
import { handleSubscriptions } from './subscriptions.js';
import type { FloorIo, FloorSocket } from './types.js';

export type { FloorIo } from './types.js';
export { ioOptions } from './io-options.js';

/** 1 s: sliding windows move with the clock; a bucket edge (10 s) shows on the wall within a second. */
export const TICK_MS = 1000;
/** 2 min: the reconnect horizon of the issue, for the replay log as for connection state recovery. */
export const RECOVERY_MS = 2 * 60_000;

export interface RulesDeps {
  alertActions?: AlertActions | undefined;
  goals?: GoalsView | undefined;
}

export interface RealtimeDeps {
  io: FloorIo;
  config: Config;
  tokens: Record<Role, string>;
  /** Failed authentications per address, shared with HTTP (limits/). */
  authFailures: AuthFailures;
  windows: WindowStore;
  /** Teams for team boards, robot lines to leave off the people's boards. */
  agents: AgentLookup;
  stored$: Observable<readonly StoredEvent[]>;
  changes$: Observable<WindowsChange>;
  alerts$: Observable<AlertChange>;
  celebrations$: Observable<Celebration>;
  /** The rules stage, read on use: it may be wired after realtime, or not at all. */
  rules?: () => RulesDeps;
  scheduler: SchedulerLike;
  log: Logger;
}

/** Socket.IO for the screens: auth, subscriptions, alerts and celebrations, recovery, Redis. */
export async function attachRealtime(deps: RealtimeDeps): Promise<{ close(): Promise<void> }> {
  const { io, windows, scheduler } = deps;
  const log = deps.log.child({ stage: 'realtime' });
  // The adapter first: io.adapter() replaces the namespace's adapter, and the feeds listen to it.
  const closeRedis = deps.config.REDIS_URL ? await useRedisAdapter(io, deps.config.REDIS_URL, log) : null;
  authenticate(io, deps.tokens, deps.authFailures);

  const subs = new Subscription();
  const dirty$: Observable<Dirty> = merge(
    deps.changes$.pipe(map((c): Dirty => ({ all: false, scopes: c.scopes }))),
    interval(TICK_MS, scheduler).pipe(map(() => ALL_DIRTY)),
  ).pipe(share());
  const rules = deps.rules ?? ((): RulesDeps => ({}));
  const goals = () => rules().goals;
  const feeds = createFeeds({ io, windows, agents: deps.agents, goals, dirty$, scheduler, log });
  const all = [feeds.rates, feeds.boards, feeds.goals];
  const adapter = io.of('/').adapter;
  const onCreate = (room: string) => all.forEach((f) => f.track(room));
  const onDelete = (room: string) => all.forEach((f) => f.forget(room));
  adapter.on('create-room', onCreate);
  adapter.on('delete-room', onDelete);
  subs.add(() => adapter.off('create-room', onCreate).off('delete-room', onDelete));
  all.forEach((f) => subs.add(f.start()));

  subs.add(agentStatesFeed(io, deps.stored$));
  const replay = new ReplayLog({ keepMs: RECOVERY_MS, maxEntries: 1000, scheduler });
  subs.add(alertsFeed({ io, alerts$: deps.alerts$, celebrations$: deps.celebrations$, replay, peers: closeRedis !== null }));

  io.on('connection', (socket) => {
    guardBuffer(socket, log);
    void socket.join(audienceOf(socket.data.role));
    handleSubscriptions(socket, { windows, agents: deps.agents, goals, scheduler, log });
    handleAlertCommands(socket, () => rules().alertActions, log);
    if (socket.recovered) void resendCurrent(socket, feeds, log);
    else {
      const last = lastCelebrationId(socket.handshake.auth);
      if (last) for (const c of replay.after(last)) socket.emit('celebration', c);
    }
  });

  return {
    async close() {
      subs.unsubscribe();
      await closeRedis?.();
    },
  };
}

/**
 * A recovered screen got every missed alert and celebration from Socket.IO, but not the volatile
 * rates it missed: it gets the current payload of each room it is back in.
 */
async function resendCurrent(socket: FloorSocket, feeds: Feeds, log: Logger): Promise<void> {
  try {
    for (const room of socket.rooms) {
      const snap = feeds.rates.current(room);
      if (snap) socket.emit('rates:update', await snap);
      const board = feeds.boards.current(room);
      if (board) socket.emit('leaderboard:update', await board);
      const goals = feeds.goals.current(room);
      if (goals) socket.emit('goals:update', await goals);
    }
  } catch (err) {
    log.error({ err, socket: socket.id }, 'resending current payloads to a recovered screen failed');
  }
}
