import type { Scope, SocketData, StoredEvent } from '@floorpulse/shared';
import type { Logger } from 'pino';
import { interval, map, merge, type Observable, type SchedulerLike, Subscription, share } from 'rxjs';
import type { Access } from '../auth/access.js';
import { canSee } from '../auth/scope-access.js';
import type { Config } from '../config/config.js';
import type { AuthFailures } from '../limits/auth-failures.js';
import type { WindowsChange } from '../pipeline/windows/rolling-windows.js';
import type { WindowStore } from '../pipeline/windows/window-store.js';
import { recheckAccess } from './access-recheck.js';
import { agentStatesFeed } from './agent-states.js';
import { authenticate } from './auth.js';
import { guardBuffer } from './backpressure.js';
import { ALL_DIRTY, type Dirty } from './dirty.js';
import { createFeeds } from './feeds.js';
import { followRooms, resendCurrent } from './follow-rooms.js';
import type { BoardAgents, BoardPoints, KpiOf } from './leaderboard.js';
import { useRedisAdapter } from './redis-adapter.js';
import { audienceOf } from './rooms.js';
import type { ScreenFeature } from './screen-feature.js';
import { handleSubscriptions } from './subscriptions.js';
import type { FloorIo } from './types.js';

export { ioOptions, RECOVERY_MS } from './io-options.js';
export type { ScreenFeature } from './screen-feature.js';
export type { FloorIo } from './types.js';

/** 1 s: sliding windows move with the clock; a bucket edge (10 s) shows on the wall within a second. */
export const TICK_MS = 1000;

export interface RealtimeDeps {
  io: FloorIo;
  config: Config;
  access: Access;
  /** Failed authentications per address, shared with HTTP (limits/). */
  authFailures: AuthFailures;
  /** Who may changed (users, sessions, display links): every socket is judged again (access-recheck.ts). */
  accessChanged$: Observable<void>;
  windows: WindowStore;
  /** Teams for team boards, robot lines to leave off the people's boards. */
  agents: BoardAgents;
  stored$: Observable<readonly StoredEvent[]>;
  changes$: Observable<WindowsChange>;
  /** The features' parts of the screens (alerts, celebrations, goals), next to the rates and boards here. */
  features: readonly ScreenFeature[];
  scheduler: SchedulerLike;
  log: Logger;
  /** rank=kpi boards: today's KPI score of an agent's counts (the scores feature's weights). */
  kpiOf?: KpiOf;
  /** Today's points per agent: boards ranked by points, and every board's `points` (server/src/points/). */
  points?: BoardPoints | undefined;
}

/** Socket.IO for the screens: auth, rates and leaderboards, the features' broadcasts and commands, recovery, Redis. */
export async function attachRealtime(deps: RealtimeDeps): Promise<{ close(): Promise<void> }> {
  const { io, windows, scheduler } = deps;
  const log = deps.log.child({ stage: 'realtime' });
  // The adapter first: io.adapter() replaces the namespace's adapter, and the feeds listen to it.
  const closeRedis = deps.config.REDIS_URL ? await useRedisAdapter(io, deps.config.REDIS_URL, log) : null;
  authenticate(io, deps.access, deps.authFailures);

  const subs = new Subscription();
  subs.add(recheckAccess({ io, access: deps.access, changed$: deps.accessChanged$, scheduler }));
  const dirty$: Observable<Dirty> = merge(
    deps.changes$.pipe(map((c): Dirty => ({ all: false, scopes: c.scopes }))),
    interval(TICK_MS, scheduler).pipe(map(() => ALL_DIRTY)),
  ).pipe(share());
  const feeds = createFeeds({ io, windows, agents: deps.agents, dirty$, scheduler, log, kpiOf: deps.kpiOf, points: deps.points });
  subs.add(followRooms(io, [feeds.rates, feeds.boards]));
  subs.add(agentStatesFeed(io, deps.stored$));
  const canSeeScope = (data: SocketData, scope: Scope) => canSee(data.limits, scope, deps.agents.teamOf);
  const ctx = { io, dirty$, peers: closeRedis !== null, scheduler, log, canSee: canSeeScope };
  for (const f of deps.features) if (f.start) subs.add(f.start(ctx));

  io.on('connection', (socket) => {
    guardBuffer(socket, log);
    void socket.join(audienceOf(socket.data.role));
    handleSubscriptions(socket, {
      windows,
      agents: deps.agents,
      scheduler,
      log,
      canSee: canSeeScope,
      values: { kpiOf: deps.kpiOf, points: deps.points },
    });
    for (const f of deps.features) f.connect?.(socket, ctx);
    if (socket.recovered) {
      void resendCurrent(socket, feeds.rates, (snap) => socket.emit('rates:update', snap), log);
      void resendCurrent(socket, feeds.boards, (board) => socket.emit('leaderboard:update', board), log);
    }
  });

  return {
    async close() {
      subs.unsubscribe();
      await closeRedis?.();
    },
  };
}
