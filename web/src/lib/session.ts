import { type SessionAnswer, sessionAnswerSchema } from '@floorpulse/shared';
import { z } from 'zod';
import { api } from './api';
import { session } from './auth';

/**
 * A person's session over the API (server/src/people/session-route.ts). The cookie is HTTP-only: the
 * page never sees it, only the CSRF token and who is signed in, which live in memory for this load.
 */
export async function signIn(login: string, password: string): Promise<SessionAnswer> {
  const answer = await api('/api/v1/session', sessionAnswerSchema, { method: 'POST', body: { login, password } });
  session.value = { user: answer.user, csrf: answer.csrf };
  return answer;
}

/** The session of this browser's cookie; throws ApiError 401 (refusal 'missing' or 'session ended') without one. */
export async function loadSession(): Promise<SessionAnswer> {
  const answer = await api('/api/v1/session', sessionAnswerSchema);
  session.value = { user: answer.user, csrf: answer.csrf };
  return answer;
}

/**
 * This tab signed itself out and is on its way to /login: its own socket's 'session ended' is the echo of
 * that, not news (App.vue would start a second navigation, aborting the first).
 */
export let signingOut = false;

/** Ends the session on the server (the cookie is refused from now on, on every tab and socket). */
export async function signOut(): Promise<void> {
  signingOut = true;
  try {
    await api('/api/v1/session', z.null(), { method: 'DELETE' });
  } catch (e) {
    signingOut = false;
    throw e;
  }
  session.value = null;
}
