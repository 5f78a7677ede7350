import { hasRole, type Role } from '@floorpulse/shared';
import { roleOf } from '../auth/tokens.js';
import type { AuthFailures } from '../limits/auth-failures.js';
import { clientAddress } from '../limits/client-address.js';
import type { FloorIo } from './types.js';

/** The connect errors a client sees (`connect_error` → err.message). */
export const UNAUTHORIZED = 'unauthorized';
export const FORBIDDEN = 'forbidden';
/** Too many failed authentications from this address; `err.data.retryAfterSeconds` says how long to wait. */
export const RATE_LIMITED = 'rate limited';
/** The failure count could not be read: refused without saying why. */
export const UNAVAILABLE = 'unavailable';

/**
 * Handshake auth: `auth: { token }` must grant VIEWER or more. An INGEST-only token is a
 * dialer's credential, not a screen's: refused. The role is kept in socket.data for every handler.
 * A wrong token counts against the address's failed authentications, the same budget as HTTP's.
 */
export function authenticate(io: FloorIo, tokens: Record<Role, string>, failures: AuthFailures): void {
  io.use((socket, next) => {
    const auth: unknown = socket.handshake.auth;
    const token = typeof auth === 'object' && auth !== null && 'token' in auth && typeof auth.token === 'string' ? auth.token : null;
    // A page without a token sends '': nothing presented, not a guess.
    failures.judge(clientAddress(socket.request), token === null || token === '' ? null : token).then(
      (verdict) => {
        if (verdict.refused)
          return next(Object.assign(new Error(RATE_LIMITED), { data: { retryAfterSeconds: verdict.retryAfterSeconds } }));
        const role = roleOf(tokens, token);
        if (!role) return next(new Error(UNAUTHORIZED));
        if (!hasRole(role, 'viewer')) return next(new Error(FORBIDDEN));
        socket.data.role = role;
        socket.data.user = role; // tokens are per role, not per person: the role is who acted
        next();
      },
      () => next(new Error(UNAVAILABLE)),
    );
  });
}
