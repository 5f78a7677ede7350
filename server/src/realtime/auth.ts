import { hasRole } from '@floorpulse/shared';
import type { Access, Credentials, Refusal } from '../auth/access.js';
import type { AuthFailures } from '../limits/auth-failures.js';
import { clientAddress } from '../limits/client-address.js';
import type { FloorIo, FloorSocket } from './types.js';

/** The connect errors a client sees (`connect_error` → err.message). */
export const UNAUTHORIZED = 'unauthorized';
export const FORBIDDEN = 'forbidden';
/** A display link an admin revoked: its wall says "this display was switched off", never "connection lost". */
export const SWITCHED_OFF = 'switched off';
/** A person's session that expired, was signed out or whose user was disabled: sign in again. */
export const SESSION_ENDED = 'session ended';
/** Too many failed authentications from this address; `err.data.retryAfterSeconds` says how long to wait. */
export const RATE_LIMITED = 'rate limited';
/** The failure count could not be read: refused without saying why. */
export const UNAVAILABLE = 'unavailable';

const REFUSED: Record<Refusal, string> = {
  missing: UNAUTHORIZED,
  invalid: UNAUTHORIZED,
  'display revoked': SWITCHED_OFF,
  'session ended': SESSION_ENDED,
};

/**
 * Handshake auth: `auth: { token }` (a machine token or a display link's secret), or the session cookie
 * a signed-in person's browser sends with the handshake. It must grant `wall` (a screen): an INGEST-only
 * token is a dialer's credential, refused. Who it is stays in socket.data for every handler. A wrong
 * token counts against the address's failed authentications, the same budget as HTTP's.
 */
export function authenticate(io: FloorIo, access: Access, failures: AuthFailures): void {
  io.use((socket, next) => {
    const credentials = handshakeCredentials(socket);
    failures.judge(clientAddress(socket.request), credentials.bearer).then(
      (verdict) => {
        if (verdict.refused)
          return next(Object.assign(new Error(RATE_LIMITED), { data: { retryAfterSeconds: verdict.retryAfterSeconds } }));
        const who = access.judge(credentials);
        if (!who.ok) return next(new Error(REFUSED[who.refusal]));
        if (!hasRole(who.principal.role, 'wall')) return next(new Error(FORBIDDEN));
        const { kind: _kind, sessionId: _session, ...data } = who.principal;
        socket.data = data;
        next();
      },
      () => next(new Error(UNAVAILABLE)),
    );
  });
}

/** What a socket presented when it connected: `auth.token` (a token or a display secret) and the session cookie. */
export function handshakeCredentials(socket: Pick<FloorSocket, 'handshake' | 'request'>): Credentials {
  const auth: unknown = socket.handshake.auth;
  const token =
    typeof auth === 'object' && auth !== null && 'token' in auth && typeof auth.token === 'string' && auth.token !== '' ? auth.token : null;
  return { bearer: token, cookie: socket.request.headers.cookie };
}
