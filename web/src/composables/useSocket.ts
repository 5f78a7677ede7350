import type { ClientToServerEvents, ServerToClientEvents, SocketAuth } from '@floorpulse/shared';
import { io, type Socket } from 'socket.io-client';
import { onBeforeUnmount, type Ref, ref, watch } from 'vue';
import { bearerCredential, refuse } from '../lib/auth';
import { connectVerdict } from '../lib/connect-refusal';

export type FloorSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** One connection per page, shared by every composable; closed when the last user unmounts. */
let shared: { socket: FloorSocket; users: number } | null = null;
const connected = ref(false);
/** Has this page ever been live? Before the first connect the page says "connecting", not "stale". */
const everConnected = ref(false);
const lastCelebrationId = ref<string | undefined>(undefined);

/**
 * The page's socket. A signed-in person's handshake carries their session cookie (same origin, sent by
 * the browser); a TV or a kiosk sends its display secret or token in `auth`, never in the URL.
 * Refusals are said, not waited out (lib/auth.ts `refusal`, shown by App.vue):
 * - a connect error the server sent (the middleware refused): socket.io-client will not retry it, so it
 *   is either reported (switched off, session ended, a credential not ours) or retried after the wait
 *   the server named (rate limited);
 * - `access:refused` while connected (a display revoked, a sign-out elsewhere): reported; the server
 *   then closes the socket;
 * - closed by the server without a refusal (this person's role changed): connect again, as who they are now.
 */
function open(): FloorSocket {
  const socket: FloorSocket = io({
    // A function: every reconnect sends the current credential and the last celebration shown.
    auth: (cb) => {
      const credential = bearerCredential();
      cb({ ...(credential ? { token: credential } : {}), lastCelebrationId: lastCelebrationId.value } satisfies SocketAuth);
    },
    transports: ['websocket', 'polling'],
  });
  let refused = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  socket.on('connect', () => {
    connected.value = true;
    everConnected.value = true;
  });
  socket.on('access:refused', ({ refusal }) => {
    refused = true;
    refuse(refusal);
  });
  socket.on('disconnect', (reason) => {
    connected.value = false;
    if (reason === 'io server disconnect' && !refused) socket.connect();
  });
  socket.on('connect_error', (err) => {
    connected.value = false;
    // Active: a network failure the client retries by itself (the page shows STALE meanwhile).
    if (socket.active) return;
    const verdict = connectVerdict(err as Error & { data?: unknown });
    if (verdict.kind === 'refused') {
      refused = true;
      refuse(verdict.refusal);
    } else {
      clearTimeout(retry);
      // Unless the page let go of this socket meanwhile (its last user unmounted).
      retry = setTimeout(() => shared?.socket === socket && socket.connect(), verdict.afterMs);
    }
  });
  return socket;
}

export interface UseSocket {
  socket: FloorSocket;
  connected: Ref<boolean>;
  everConnected: Ref<boolean>;
  /** The last celebration id this screen showed (sent on reconnect so the server replays only newer). */
  lastCelebrationId: Ref<string | undefined>;
}

export function useSocket(): UseSocket {
  if (!shared) shared = { socket: open(), users: 0 };
  shared.users += 1;
  const mine = shared;
  onBeforeUnmount(() => {
    mine.users -= 1;
    if (mine.users === 0 && shared === mine) {
      mine.socket.disconnect();
      shared = null;
      connected.value = false;
    }
  });
  return { socket: mine.socket, connected, everConnected, lastCelebrationId };
}

/**
 * Runs `subscribe` now if connected and after every (re)connect: a server restart forgets rooms,
 * so each composable re-joins its own. Returns the cleanup.
 */
export function onEveryConnect(socket: FloorSocket, subscribe: () => void): () => void {
  if (socket.connected) subscribe();
  socket.on('connect', subscribe);
  return () => socket.off('connect', subscribe);
}

/**
 * Follows one server room as `source` changes: joins the room of the current request on every
 * (re)connect, leaves the old one on a switch, and leaves and stops listening on unmount. The room
 * kind's own parts (its events, its payload) stay with the composable.
 */
export function followRoom<S, Req>(
  socket: FloorSocket,
  o: {
    source: Ref<S>;
    request: (value: S) => Req;
    join: (req: Req) => void;
    leave: (req: Req) => void;
    /** Clears what was shown for the previous request. */
    reset: () => void;
    /** Starts listening for the room's updates; returns the stop. */
    listen: () => () => void;
  },
): { current: () => Req | null } {
  let current: Req | null = null;
  const stopListen = o.listen();
  const stopConnect = onEveryConnect(socket, () => {
    if (current) o.join(current);
  });
  const stopWatch = watch(
    o.source,
    (value) => {
      if (current && socket.connected) o.leave(current);
      current = o.request(value);
      o.reset();
      if (socket.connected) o.join(current);
    },
    { immediate: true },
  );
  onBeforeUnmount(() => {
    stopWatch();
    stopConnect();
    stopListen();
    if (current && socket.connected) o.leave(current);
  });
  return { current: () => current };
}
