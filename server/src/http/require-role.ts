import { hasRole, type Role } from '@floorpulse/shared';
import type { NextFunction, Request, Response } from 'express';
import { roleOf } from '../auth/tokens.js';

declare module 'express-serve-static-core' {
  interface Request {
    role?: Role;
  }
}

/**
 * The bearer token of a request, from the Authorization header only. Never `?token=`: a URL is kept in
 * browser history, proxy and access logs and Referers. A kiosk's `/wall?token=…` is read by the page's
 * own script, which sends it as this header and as the socket's handshake `auth` (docs/web.md).
 */
export function bearer(req: Request): string | null {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7).trim() : null;
}

/** 401 without a valid token, 403 with a token whose role is not enough. */
export function requireRole(tokens: Record<Role, string>, need: Role) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const role = roleOf(tokens, bearer(req));
    if (!role) {
      res.status(401).json({ error: 'missing or invalid token' });
      return;
    }
    if (!hasRole(role, need)) {
      res.status(403).json({ error: `this route needs the ${need} role` });
      return;
    }
    req.role = role;
    next();
  };
}
