import type { SocketData, TokenRole } from '@floorpulse/shared';

/**
 * Who is asking: a machine token (a dialer, a script, a kiosk of old), a signed-in person, or a TV's
 * display link. The same plain shape rides on a socket (SocketData) and on an HTTP request.
 */
export type Principal = SocketData & {
  kind: 'token' | 'person' | 'display';
  /** A person's session, for sign-out and CSRF (docs/people.md, "Sessions"). */
  sessionId?: string | undefined;
};

export function tokenPrincipal(role: TokenRole): Principal {
  // A token is a role's, not a person's: the role is who acted (the audit trail of 0.1 says 'supervisor').
  return { kind: 'token', role, by: role, name: role, limits: null };
}
