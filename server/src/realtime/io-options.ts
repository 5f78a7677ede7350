import type { ServerOptions } from 'socket.io';

/**
 * Socket.IO server options of the screens.
 * - connectionStateRecovery, 2 min: a TV that lost Wi-Fi for a minute gets every alert and
 *   celebration it missed, exactly once (the horizon). Middlewares are skipped on
 *   recovery: the session was authenticated and keeps its role in socket.data.
 * - maxHttpBufferSize 64 KB: clients send only small commands; a larger frame is an abuse.
 */
export function ioOptions(): Partial<ServerOptions> {
  return {
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: true },
    maxHttpBufferSize: 64 * 1024,
  };
}
