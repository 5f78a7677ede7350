import type { ClientToServerEvents, ServerToClientEvents } from '@floorpulse/shared';
import { io as ioc, type Socket } from 'socket.io-client';

export type Screen = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A screen over websocket, connected (or rejected with the server's connect error). */
export function connectScreen(
  url: string,
  auth: Record<string, unknown>,
  opts: { reconnectionDelay?: number | undefined; before?: (s: Screen) => void; headers?: Record<string, string> } = {},
): Promise<Screen> {
  const delay = opts.reconnectionDelay ?? 100;
  const socket: Screen = ioc(url, {
    auth,
    // A signed-in person's browser sends its session cookie with the handshake (Node's client: as a header).
    ...(opts.headers ? { extraHeaders: opts.headers } : {}),
    transports: ['websocket'],
    reconnectionDelay: delay,
    reconnectionDelayMax: delay,
    randomizationFactor: 0,
    forceNew: true,
  });
  opts.before?.(socket); // listeners for what the server sends right on connect (a replay)
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

/** The screens a suite connects, closed together in its afterAll: one left open would keep reconnecting to a stopped server. */
export function screenPool(): { connect: typeof connectScreen; readonly open: readonly Screen[]; closeAll(): void } {
  const open: Screen[] = [];
  return {
    async connect(url, auth, opts) {
      const s = await connectScreen(url, auth, opts);
      open.push(s);
      return s;
    },
    open,
    closeAll() {
      for (const s of open.splice(0)) s.close();
    },
  };
}

/** Resolves when `check` passes, polling every 10 ms; fails after `ms`. */
export async function until(check: () => boolean, ms = 3000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Every payload of one event a screen receives, with its arrival time. */
export function record<T>(socket: Screen, event: keyof ServerToClientEvents): { at: number; data: T }[] {
  const seen: { at: number; data: T }[] = [];
  socket.on(event, ((data: T) => seen.push({ at: Date.now(), data })) as never);
  return seen;
}
