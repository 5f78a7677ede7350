import type { IncomingMessage, ServerResponse } from 'node:http';
import { hasRole, type Need, type Role } from '@floorpulse/shared';
import type { Access, Refusal } from '../auth/access.js';
import type { Principal } from '../auth/principal.js';
import { sendJson } from './send-json.js';

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
export function bearer(req: IncomingMessage): string | null {
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
  // On Node's own request (an Express one is one too): it also guards the direct routes (direct-routes.ts).
  return (req: IncomingMessage & { principal?: Principal; role?: Role }, res: ServerResponse, next: (err?: unknown) => void): void => {
    const verdict = access.judge({ bearer: bearer(req), cookie: req.headers.cookie });
    if (!verdict.ok) {
      sendJson(res, 401, { error: REFUSALS[verdict.refusal], refusal: verdict.refusal });
      return;
    }
    const p = verdict.principal;
    if (!hasRole(p.role, need)) {
      sendJson(res, 403, { error: `this route needs the ${need} role` });
      return;
    }
    const csrf = req.headers['x-csrf-token'];
    if (CHANGES.has(req.method ?? '') && !access.csrfOk(p, typeof csrf === 'string' ? csrf : undefined)) {
      sendJson(res, 403, { error: 'csrf: a change needs the x-csrf-token of your session' });
      return;
    }
    req.principal = p;
    req.role = p.role;
    next();
  };
}
