import type { ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import { type RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import type { Gate } from '../http/direct-routes.js';
import { bearer } from '../http/require-role.js';
import { sendJson } from '../http/send-json.js';
import { type AuthFailures, retryAfterSeconds } from './auth-failures.js';
import { clientAddress } from './client-address.js';

/** A per-role limit mounted where no role was decided: a wiring mistake, not a client's. */
export class LimitSetupError extends Error {}

function tooMany(res: ServerResponse, seconds: number, error: string): void {
  res.setHeader('Retry-After', String(seconds));
  sendJson(res, 429, { error });
}

/**
 * Before every route but the health probes: counts a wrong Authorization header against its address
 * and refuses everything from an address past AUTH_FAILURE_LIMIT (auth-failures.ts). The routes
 * themselves still answer 401/403; this only decides whether they are asked at all.
 */
export function authFailureGate(failures: AuthFailures): Gate {
  return (req, res, next) => {
    // A header that is not "Bearer <token>" is a credential too, and a wrong one.
    const credential = req.headers.authorization === undefined ? null : (bearer(req) ?? '');
    failures.judge(clientAddress(req), credential).then((v) => {
      if (v.refused) tooMany(res, v.retryAfterSeconds, 'too many failed authentications from this address: retry later');
      else next();
    }, next);
  };
}

/** After requireRole: `limiter` counts each request against who asks (a person's login, or a token's role). */
export function perRoleLimit(limiter: RateLimiterAbstract, what: string): RequestHandler {
  return (req, res, next) => {
    if (!req.principal) return next(new LimitSetupError(`the ${what} limit is mounted before requireRole`));
    limiter.consume(req.principal.by).then(
      () => next(),
      (e: unknown) => {
        if (e instanceof RateLimiterRes)
          tooMany(res, retryAfterSeconds(e), `too many ${what}: at most ${limiter.points} per ${limiter.duration} s, retry later`);
        else next(e);
      },
    );
  };
}
