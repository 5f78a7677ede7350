import type { NextFunction, Request, Response } from 'express';
import { hasRole, type Role } from '@floorpulse/shared';
import { roleOf } from '../auth/tokens.js';

declare module 'express-serve-static-core' {
  interface Request {
    role?: Role;
  }
}

/** The bearer token of a request (or ?token= for links a kiosk opens, e.g. CSV downloads). */
export function bearer(req: Request): string | null {
  const h = req.headers.authorization;
  if (h?.startsWith('Bearer ')) return h.slice(7).trim();
  const q = req.query.token;
  return typeof q === 'string' ? q : null;
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
