import { hasRole, type Need, type Role } from '@floorpulse/shared';
import type { NextFunction, Request, Response } from 'express';
import type { Access, Refusal } from '../auth/access.js';
import type { Principal } from '../auth/principal.js';

declare module 'express-serve-static-core' {
  interface Request {
    /** Who is asking, set by requireRole (docs/people.md). */
    principal?: Principal;
    role?: Role;
  }
}

/**
 * The bearer credential of a request, from the Authorization header only. Never `?token=`: a URL is kept
 * in browser history, proxy and access logs and Referers. A kiosk's `/wall?token=…` (or `?display=…`) is
 * read by the page's own script, which sends it as this header and as the socket's handshake `auth`.
 */
export function bearer(req: Request): string | null {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7).trim() : null;
}

/** What a refused request is told: enough for its screen to say why, nothing about which credentials exist. */
const REFUSALS: Record<Refusal, string> = {
  missing: 'missing or invalid token',
  invalid: 'missing or invalid token',
  'display revoked': 'this display was switched off',
  'session ended': 'your session has ended: sign in again',
};

/** Methods that change something: a person's must carry the session's CSRF token (auth/sessions.ts). */
const CHANGES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * 401 without a valid credential (with `refusal` saying which kind of no), 403 with one whose role is
 * not enough, or a person's change without its CSRF token. Sets req.principal for the route.
 */
export function requireRole(access: Access, need: Need) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const verdict = access.judge({ bearer: bearer(req), cookie: req.headers.cookie });
    if (!verdict.ok) {
      res.status(401).json({ error: REFUSALS[verdict.refusal], refusal: verdict.refusal });
      return;
    }
    const p = verdict.principal;
    if (!hasRole(p.role, need)) {
      res.status(403).json({ error: `this route needs the ${need} role` });
      return;
    }
    if (CHANGES.has(req.method) && !access.csrfOk(p, req.header('x-csrf-token'))) {
      res.status(403).json({ error: 'csrf: a change needs the x-csrf-token of your session' });
      return;
    }
    req.principal = p;
    req.role = p.role;
    next();
  };
}
