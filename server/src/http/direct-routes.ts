import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { ErrorAnswer } from './errors.js';

/** A connect-style handler on Node's own request and response: it serves Express's stack and the direct routes. */
export type Gate = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

/** A route served before Express: an exact method and path (the query string is ignored), its handlers in order. */
export interface DirectRoute {
  method: string;
  path: string;
  handlers: readonly Gate[];
}

/**
 * Routes served on Node's http server itself, ahead of Express. Express costs ~130 µs of CPU a request on
 * this machine (its router walks every mounted router; its `res.json` hashes the body for an ETag), which
 * is most of the pre-dial check's budget at 2,000 checks/s (BENCHMARKS.md, "Pre-dial check").
 *
 * A direct route is not a way around the gates: `gates` are the very handlers Express runs first (the
 * security headers, draining, the failed-authentication gate), in the same order, then the route's own
 * (its role check among them), and `onError` is Express's last handler. Every other request goes to
 * `fallback`, the Express app.
 */
export function directRoutes(o: {
  gates: readonly Gate[];
  routes: readonly DirectRoute[];
  fallback: RequestListener;
  onError: ErrorAnswer;
}): RequestListener {
  const chains = new Map(o.routes.map((r) => [`${r.method} ${r.path}`, [...o.gates, ...r.handlers]]));
  return (req, res) => {
    const url = req.url ?? '';
    const q = url.indexOf('?');
    const chain = chains.get(`${req.method} ${q < 0 ? url : url.slice(0, q)}`);
    if (!chain) return void o.fallback(req, res);
    let i = 0;
    const next = (err?: unknown): void => {
      if (err !== undefined) return void o.onError(err, req, res, next);
      const handler = chain[i++];
      if (!handler) return void o.onError(new Error(`direct route ${req.method} ${req.url} answered nothing`), req, res, next);
      try {
        handler(req, res, next);
      } catch (e) {
        next(e);
      }
    };
    next();
  };
}
