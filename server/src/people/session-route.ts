import { type SessionAnswer, signInBody } from '@floorpulse/shared';
import express, { type Response, Router } from 'express';
import type { SchedulerLike } from 'rxjs';
import type { Access } from '../auth/access.js';
import { passwordMatches } from '../auth/passwords.js';
import { cookieValue, SESSION_COOKIE, type SessionCodec } from '../auth/sessions.js';
import { requireRole } from '../http/require-role.js';
import type { AuthFailures } from '../limits/auth-failures.js';
import { clientAddress } from '../limits/client-address.js';
import { publicUser, type UserDirectory } from './user-directory.js';

/** A hash verified against when the login does not exist: a wrong login costs as long as a wrong password. */
const DECOY = '$argon2id$v=19$m=65536,p=4,t=3$rvMtUyb8ldjaFu/n8RhrOQ$bWVc+esf7OF+bt8XwE2VwZhGI1q3uxgW2GHFpEWC+bg';

/**
 * Sign-in for people (docs/people.md, "Sessions"): POST /api/v1/session {login, password} → the person,
 * a CSRF token, and an HTTP-only SameSite=Strict cookie; GET /api/v1/session → the same for the cookie
 * presented; DELETE /api/v1/session → signed out on the server (the session id is revoked). A wrong
 * login or password counts against the address's failed authentications, like a wrong token.
 */
export function sessionRoute(deps: {
  access: Access;
  users: UserDirectory;
  sessions: SessionCodec;
  failures: AuthFailures;
  scheduler: SchedulerLike;
  /** Secure cookies when the floor serves HTTPS (COOKIE_SECURE). */
  secureCookie: boolean;
}): Router {
  const router = Router();
  const setCookie = (res: Response, value: string, maxAgeMs: number) =>
    res.cookie(SESSION_COOKIE, value, { httpOnly: true, sameSite: 'strict', secure: deps.secureCookie, path: '/', maxAge: maxAgeMs });

  router.post('/api/v1/session', express.json({ limit: '4kb' }), async (req, res) => {
    const body = signInBody.safeParse(req.body);
    if (!body.success) return void res.status(400).json({ error: 'login and password: are required' });
    const address = clientAddress(req);
    const blocked = await deps.failures.judge(address, null);
    if (blocked.refused) {
      res.setHeader('Retry-After', String(blocked.retryAfterSeconds));
      return void res.status(429).json({ error: 'too many failed sign-ins from this address: retry later' });
    }
    const user = deps.users.get(body.data.login);
    const ok = (await passwordMatches(user?.passwordHash || DECOY, body.data.password)) && user !== undefined && user.active;
    if (!ok) {
      // Counted as a failed authentication (a presented credential that is not ours).
      await deps.failures.judge(address, `sign-in:${body.data.login}`);
      return void res.status(401).json({ error: 'wrong login or password' });
    }
    const { value, claims } = deps.sessions.issue(user.login, deps.scheduler.now());
    setCookie(res, value, claims.expiresAt - deps.scheduler.now());
    res.json({
      user: publicUser(user),
      csrf: deps.sessions.csrf(claims.id),
      expiresAt: new Date(claims.expiresAt).toISOString(),
    } satisfies SessionAnswer);
  });

  router.get('/api/v1/session', requireRole(deps.access, 'wall'), (req, res) => {
    const p = req.principal!;
    const user = p.login ? deps.users.get(p.login) : undefined;
    if (p.kind !== 'person' || !p.sessionId || !user)
      return void res.status(404).json({ error: 'no session: this credential is not a person' });
    const claims = deps.sessions.verify(cookieValue(req.headers.cookie, SESSION_COOKIE) ?? '', deps.scheduler.now());
    res.json({
      user: publicUser(user),
      csrf: deps.sessions.csrf(p.sessionId),
      expiresAt: new Date(claims?.expiresAt ?? 0).toISOString(),
    } satisfies SessionAnswer);
  });

  router.delete('/api/v1/session', requireRole(deps.access, 'wall'), async (req, res) => {
    const p = req.principal!;
    if (p.kind === 'person' && p.sessionId) {
      const claims = deps.sessions.verify(cookieValue(req.headers.cookie, SESSION_COOKIE) ?? '', deps.scheduler.now());
      await deps.users.revoke(p.sessionId, claims?.expiresAt ?? deps.scheduler.now(), p.by);
    }
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.status(204).end();
  });
  return router;
}
