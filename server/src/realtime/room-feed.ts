import { type Observable, type SchedulerLike, Subject, Subscription } from 'rxjs';
import { coalesce } from './coalesce.js';
import type { Dirty } from './dirty.js';

export interface RoomFeedOptions<K, T> {
  /** The room names of this feed: prefix + JSON key (see rooms.ts). */
  prefix: string;
  dirty$: Observable<Dirty>;
  /** At most one computation (and one emit) per room per this many ms. */
  periodMs: number;
  scheduler: SchedulerLike;
  /** Whether a room's numbers may have moved. */
  affected(key: K, dirty: Dirty): boolean;
  compute(key: K): T | Promise<T>;
  /** What must differ for a new emit (default: the whole payload). */
  fingerprint?(payload: T): string;
  send(room: string, payload: T): void;
  onError(err: unknown, room: string): void;
}

interface RoomState<K> {
  key: K;
  /** Fingerprint of the last payload sent: an unchanged payload is not sent again. */
  last: string | null;
  /** "This room may have changed", coalesced per room. */
  changed: Subject<void>;
  sub: Subscription;
  /** A computation is running (goals are async); `again` asks for one more after it. */
  running: boolean;
  again: boolean;
}

/**
 * The rooms of one kind of subscription (rates, leaderboards, goals) and their updates:
 * one computation per room, fanned out by one room broadcast to every subscriber, skipped when
 * the payload did not change. Coalesced per room (the `coalesce` operator): a room that was quiet
 * for `periodMs` is updated at once (a lone sale reaches the wall without waiting), a busy room at
 * most once per `periodMs`, the last change of a burst is never lost, and a busy room never
 * delays a quiet one. The feed follows the adapter: a room exists while a local socket is in it.
 */
export class RoomFeed<K, T> {
  private readonly rooms = new Map<string, RoomState<K>>();

  constructor(private readonly opts: RoomFeedOptions<K, T>) {}

  /** Starts feeding a room of this feed's prefix; the key is the JSON after the prefix. */
  track(room: string): void {
    if (!room.startsWith(this.opts.prefix) || this.rooms.has(room)) return;
    const key = JSON.parse(room.slice(this.opts.prefix.length)) as K;
    const changed = new Subject<void>();
    const state: RoomState<K> = { key, last: null, changed, sub: Subscription.EMPTY, running: false, again: false };
    state.sub = changed
      .pipe(coalesce({ periodMs: this.opts.periodMs, scheduler: this.opts.scheduler }))
      .subscribe(() => this.update(room, state));
    this.rooms.set(room, state);
  }

  /** The payload of a room now, for one socket (a subscribe ack, a recovered screen). */
  current(room: string): T | Promise<T> | undefined {
    const state = this.rooms.get(room);
    return state ? this.opts.compute(state.key) : undefined;
  }

  forget(room: string): void {
    this.rooms.get(room)?.sub.unsubscribe();
    this.rooms.delete(room);
  }

  get size(): number {
    return this.rooms.size;
  }

  start(): Subscription {
    const sub = this.opts.dirty$.subscribe((dirty) => {
      for (const state of this.rooms.values()) if (this.opts.affected(state.key, dirty)) state.changed.next();
    });
    sub.add(() => {
      for (const state of this.rooms.values()) state.sub.unsubscribe();
    });
    return sub;
  }

  /**
   * Rates and boards compute synchronously and are sent in the same tick; goals are async and never
   * overlap within a room: a change during one asks for one more after it.
   */
  private update(room: string, state: RoomState<K>): void {
    if (state.running) {
      state.again = true;
      return;
    }
    let result: T | Promise<T>;
    try {
      result = this.opts.compute(state.key);
    } catch (err) {
      this.opts.onError(err, room);
      return;
    }
    if (!(result instanceof Promise)) return this.deliver(room, state, result);
    state.running = true;
    result
      .then(
        (payload) => this.deliver(room, state, payload),
        (err: unknown) => this.opts.onError(err, room),
      )
      .finally(() => {
        state.running = false;
        if (state.again) {
          state.again = false;
          state.changed.next();
        }
      });
  }

  private deliver(room: string, state: RoomState<K>, payload: T): void {
    const print = this.opts.fingerprint ? this.opts.fingerprint(payload) : JSON.stringify(payload);
    if (print === state.last || this.rooms.get(room) !== state) return;
    state.last = print;
    this.opts.send(room, payload);
  }
}
