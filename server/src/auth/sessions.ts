import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** 12 hours: a shift and its overtime; then the person signs in again. */
export const SESSION_MS = 12 * 3_600_000;
export const SESSION_COOKIE = 'fp_session';

export interface SessionClaims {
  id: string;
  login: string;
  expiresAt: number;
}

/**
 * A person's session as a signed cookie value: `v1.<id>.<login>.<expiresAt>.<hmac>`. Signed, so any
 * process holding the session key can check it without a lookup; revocable by id (sign-out), so the
 * signature alone never keeps a session alive (Revocations). The login is base64url: it may hold a dot.
 */
export class SessionCodec {
  constructor(private readonly key: string) {}

  issue(login: string, now: number): { value: string; claims: SessionClaims } {
    const claims = { id: randomBytes(16).toString('base64url'), login, expiresAt: now + SESSION_MS };
    const payload = `v1.${claims.id}.${Buffer.from(login).toString('base64url')}.${claims.expiresAt}`;
    return { value: `${payload}.${this.sign(payload)}`, claims };
  }

  /** The claims of a value this key signed and that has not expired; null for anything else. */
  verify(value: string, now: number): SessionClaims | null {
    const parts = value.split('.');
    if (parts.length !== 5 || parts[0] !== 'v1') return null;
    const payload = parts.slice(0, 4).join('.');
    const given = Buffer.from(parts[4]!);
    const want = Buffer.from(this.sign(payload));
    if (given.length !== want.length || !timingSafeEqual(given, want)) return null;
    const expiresAt = Number(parts[3]);
    if (!Number.isFinite(expiresAt) || expiresAt <= now) return null;
    return { id: parts[1]!, login: Buffer.from(parts[2]!, 'base64url').toString(), expiresAt };
  }

  /**
   * The CSRF token of a session: what the page sends back in x-csrf-token with every change. A cookie
   * goes with any request the browser makes to this origin, even one another site triggers; this header
   * only a page of ours can read and send.
   */
  csrf(sessionId: string): string {
    return this.sign(`csrf.${sessionId}`);
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}

/** The value of one cookie in a Cookie header; null when absent. */
export function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}
