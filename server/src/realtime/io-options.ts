import type { ServerOptions } from 'socket.io';

/** 2 min: how long a screen may be away and still catch up (docs/realtime.md, "Reconnect"). */
export const RECOVERY_MS = 2 * 60_000;

/**
 * Socket.IO server options of the screens.
 * - connectionStateRecovery, 2 min: a TV that lost Wi-Fi for a minute gets every alert and
 *   celebration it missed, exactly once. Middlewares are skipped on
 *   recovery: the session was authenticated and keeps its role in socket.data.
 * - maxHttpBufferSize 64 KB: clients send only small commands; a larger frame is an abuse.
 */
export function ioOptions(): Partial<ServerOptions> {
  return {
    connectionStateRecovery: { maxDisconnectionDuration: RECOVERY_MS, skipMiddlewares: true },
    maxHttpBufferSize: 64 * 1024,
  };
}
