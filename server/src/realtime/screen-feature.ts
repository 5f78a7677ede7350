import type { Scope, SocketData } from '@floorpulse/shared';
import type { Logger } from 'pino';
import type { Observable, SchedulerLike, Subscription } from 'rxjs';
import type { Dirty } from './dirty.js';
import type { FloorIo, FloorSocket } from './types.js';

/** What every feature on the screens is given when realtime starts. */
export interface ScreenContext {
  io: FloorIo;
  /** Which scopes may have new numbers: the scopes of each stored batch, and all on every 1 s tick. */
  dirty$: Observable<Dirty>;
  /** Other processes share the screens (the Redis adapter is on): broadcasts reach their sockets too. */
  peers: boolean;
  scheduler: SchedulerLike;
  /** Realtime's log (stage: realtime). */
  log: Logger;
  /** Whether a socket may read a scope (a display: its wall's; an agent: their own; auth/scope-access.ts). */
  canSee(data: SocketData, scope: Scope): boolean;
}

/**
 * A feature's part of the screens' Socket.IO (alerts, celebrations, goals): its broadcasts and its
 * commands. realtime/ holds the machinery (auth, rooms, coalescing, acks, recovery, Redis) and knows
 * no feature; app.ts hands it the features.
 */
export interface ScreenFeature {
  /** Starts its broadcasts; the subscription returned is ended when realtime closes. */
  start?(ctx: ScreenContext): Subscription;
  /** A socket connected, or came back with its state recovered: its commands, and what it missed. */
  connect?(socket: FloorSocket, ctx: ScreenContext): void;
}
