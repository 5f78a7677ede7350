import type { Logger } from 'pino';
import type { FloorSocket } from './types.js';

/**
 * 500 packets: minutes of alerts and celebrations at a busy floor's rate (rates updates are
 * volatile and never queue). A screen that cannot take them is stuck, not slow; holding more
 * only grows server memory. It is disconnected, reconnects, and starts from a fresh snapshot.
 */
export const MAX_QUEUED_PACKETS = 500;

/**
 * Bounds what the server holds for one screen. Engine.io queues packets while the transport is
 * busy (a full TCP window keeps it busy); counting `packetCreate` against `flush` — both public
 * engine.io events — gives that queue's length without reaching into private fields.
 */
export function guardBuffer(socket: FloorSocket, log: Logger, max = MAX_QUEUED_PACKETS): void {
  let queued = 0;
  let cut = false;
  socket.conn.on('packetCreate', () => {
    queued++;
    // `cut` first: disconnect() itself creates a packet, which would re-enter here and recurse until
    // the stack overflows (found by tests/integration/torture-slow-consumer.test.ts).
    if (queued > max && socket.connected && !cut) {
      cut = true;
      log.warn({ socket: socket.id, queued }, 'screen too slow: disconnecting it to bound memory');
      socket.disconnect(true);
    }
  });
  socket.conn.on('flush', (buffer: unknown[]) => {
    queued = Math.max(0, queued - buffer.length);
  });
}
