import type { Logger } from 'pino';
import { Subscription } from 'rxjs';
import type { FloorIo, FloorSocket } from './types.js';

/** The part of a RoomFeed that follows rooms (room-feed.ts). */
export interface FollowedFeed<T> {
  track(room: string): void;
  forget(room: string): void;
  start(): Subscription;
  current(room: string): T | Promise<T> | undefined;
}

/**
 * Feeds rooms while a local socket is in them: each feed tracks the rooms of its prefix as the adapter
 * creates them and forgets them as it deletes them. Ends with the returned subscription.
 */
export function followRooms(io: FloorIo, feeds: readonly FollowedFeed<unknown>[]): Subscription {
  const subs = new Subscription();
  const adapter = io.of('/').adapter;
  const onCreate = (room: string) => {
    for (const f of feeds) f.track(room);
  };
  const onDelete = (room: string) => {
    for (const f of feeds) f.forget(room);
  };
  adapter.on('create-room', onCreate);
  adapter.on('delete-room', onDelete);
  subs.add(() => adapter.off('create-room', onCreate).off('delete-room', onDelete));
  for (const f of feeds) subs.add(f.start());
  return subs;
}

/**
 * A recovered screen got every missed alert and celebration from Socket.IO, but not the volatile
 * updates it missed: it gets the current payload of each room of `feed` it is back in.
 */
export async function resendCurrent<T>(socket: FloorSocket, feed: FollowedFeed<T>, emit: (payload: T) => void, log: Logger): Promise<void> {
  try {
    for (const room of socket.rooms) {
      const payload = feed.current(room);
      if (payload !== undefined) emit(await payload);
    }
  } catch (err) {
    log.error({ err, socket: socket.id }, 'resending current payloads to a recovered screen failed');
  }
}
