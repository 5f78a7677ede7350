import { type Observable, type SchedulerLike, type Subscription } from 'rxjs';
import { coalesce } from './coalesce.js';
import { mergeDirty, type Dirty } from './dirty.js';

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

/**
 * The rooms of one kind of subscription (rates, leaderboards, goals) and their updates:
 * one computation per room per flush, fanned out by one room broadcast to every subscriber,
 * skipped when the payload did not change. The feed follows the adapter: a room exists while a
 * local socket is in it (joined by subscribe, or re-joined by connection state recovery).
 */
export class RoomFeed<K, T> {
  private readonly rooms = new Map<string, { key: K; last: string | null }>();
  private running = false;
  private queued: Dirty | null = null;

  constructor(private readonly opts: RoomFeedOptions<K, T>) {}

  /** Starts feeding a room of this feed's prefix; the key is the JSON after the prefix. */
  track(room: string): void {
    if (!room.startsWith(this.opts.prefix) || this.rooms.has(room)) return;
    this.rooms.set(room, { key: JSON.parse(room.slice(this.opts.prefix.length)) as K, last: null });
  }

  /** The payload of a room now, for one socket (a subscribe ack, a recovered screen). */
  current(room: string): T | Promise<T> | undefined {
    const state = this.rooms.get(room);
    return state ? this.opts.compute(state.key) : undefined;
  }

  forget(room: string): void {
    this.rooms.delete(room);
  }

  get size(): number {
    return this.rooms.size;
  }

  start(): Subscription {
    const { periodMs, scheduler } = this.opts;
    return this.opts.dirty$.pipe(coalesce({ periodMs, scheduler, merge: mergeDirty })).subscribe((dirty) => void this.flush(dirty));
  }

  /** Async computations (goals) never overlap: a flush that comes while one runs is folded into the next. */
  private async flush(dirty: Dirty): Promise<void> {
    if (this.running) {
      this.queued = this.queued ? mergeDirty(this.queued, dirty) : dirty;
      return;
    }
    this.running = true;
    try {
      for (const [room, state] of this.rooms) {
        if (!this.opts.affected(state.key, dirty)) continue;
        try {
          const payload = await this.opts.compute(state.key);
          const print = this.opts.fingerprint ? this.opts.fingerprint(payload) : JSON.stringify(payload);
          if (print === state.last || !this.rooms.has(room)) continue;
          state.last = print;
          this.opts.send(room, payload);
        } catch (err) {
          this.opts.onError(err, room);
        }
      }
    } finally {
      this.running = false;
    }
    const next = this.queued;
    this.queued = null;
    if (next) await this.flush(next);
  }
}
