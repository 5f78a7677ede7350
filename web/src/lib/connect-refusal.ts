import type { Refusal } from '@floorpulse/shared';

/** What the page does about a socket's connect error that the server sent (not a network failure). */
export type ConnectVerdict =
  /** The credential is refused: say so (App.vue), do not try again with it. */
  | { kind: 'refused'; refusal: Refusal }
  /** Refused for now (too many failed attempts from this address, or the server could not check): try again later. */
  | { kind: 'retry'; afterMs: number };

/** 5 s: the server could not read its failure counts; soon enough for a wall, slow enough not to hammer it. */
const UNAVAILABLE_RETRY_MS = 5000;

/**
 * The server's connect errors (server/src/realtime/auth.ts) as what the page should do. A middleware's
 * refusal leaves the socket inactive: socket.io-client never retries it by itself, which is how a wall
 * whose token changed used to sit on "Connection lost" forever.
 */
export function connectVerdict(err: { message: string; data?: unknown }): ConnectVerdict {
  switch (err.message) {
    case 'switched off':
      return { kind: 'refused', refusal: 'display revoked' };
    case 'session ended':
      return { kind: 'refused', refusal: 'session ended' };
    case 'rate limited': {
      const data = err.data as { retryAfterSeconds?: unknown } | undefined;
      const seconds = typeof data?.retryAfterSeconds === 'number' && data.retryAfterSeconds > 0 ? data.retryAfterSeconds : 60;
      return { kind: 'retry', afterMs: seconds * 1000 };
    }
    case 'unavailable':
      return { kind: 'retry', afterMs: UNAVAILABLE_RETRY_MS };
    default:
      // 'unauthorized' (no credential, or one that is not ours), 'forbidden' (an ingest token), or any
      // other refusal a newer server sends: the credential will not do.
      return { kind: 'refused', refusal: 'invalid' };
  }
}
