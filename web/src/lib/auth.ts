import type { Refusal, User } from '@floorpulse/shared';
import { ref } from 'vue';

/**
 * Who this page is, as the server will see it (docs/people.md, "Sign-in, users and credentials"):
 * - a person: nothing here but the session's CSRF token; the session itself is the HTTP-only cookie
 *   the browser sends with every request and with the socket's handshake;
 * - a TV: the display link's secret, read from its URL (`/wall?display=…`) on every load. It stays in
 *   the address bar: the link is the TV's identity, a reload and a framed player keep working, and a
 *   third-party frame's storage may be partitioned away;
 * - a script's or a kiosk's machine token: asked once (or `?token=`) and kept in localStorage.
 */
const KEY = 'floorpulse.token';

function read(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

/** A machine token of this browser: asked once and kept, or given in the URL for a kiosk. */
export const token = ref<string | null>(read());

/** This TV's display link secret (`?display=disp_…`), or null. */
export const displaySecret = ref<string | null>(new URLSearchParams(location.search).get('display'));

/** What goes as `Authorization: Bearer` and as the socket's `auth.token`: a display's secret before a kept token. */
export function bearerCredential(): string | null {
  return displaySecret.value ?? token.value;
}

/** The signed-in person and the CSRF token their changes carry (POST /api/v1/session or GET at load). */
export const session = ref<{ user: User; csrf: string } | null>(null);

/**
 * Set when the server refused this page's credential (a 401's `refusal`, the socket's connect error or
 * its `access:refused`): App.vue then says so, never a silent "connection lost". First refusal wins.
 */
export const refusal = ref<Refusal | null>(null);

export function refuse(r: Refusal): void {
  if (refusal.value === null) refusal.value = r;
}

/**
 * Takes ?token=… into storage and removes it from the address bar, so it is not left in the
 * history, on a screenshot or in a Referer.
 */
export function takeTokenFromUrl(): void {
  const url = new URL(location.href);
  const t = url.searchParams.get('token');
  if (!t) return;
  setToken(t);
  url.searchParams.delete('token');
  history.replaceState(history.state, '', url.pathname + url.search + url.hash);
}

export function setToken(t: string): void {
  token.value = t;
  try {
    localStorage.setItem(KEY, t);
  } catch {
    // Private mode: the token lives for this tab only.
  }
}

/** Forgets the kept machine token (a person signs out on the server: lib/session.ts). */
export function forgetToken(): void {
  token.value = null;
  try {
    localStorage.removeItem(KEY);
  } catch {
    // nothing kept
  }
}
