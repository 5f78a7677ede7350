import type { Server as HttpServer, ServerResponse } from 'node:http';
import type { Gate } from './direct-routes.js';
import { sendJson } from './send-json.js';

/**
 * Draining for graceful shutdown. `server.close()` alone is not enough: it stops new connections,
 * but an HTTP keep-alive connection that is never idle (an ingest client posting back to back) keeps
 * serving requests on its socket, so close() never completes and the grace timer kills the process.
 * Once draining: requests in flight finish normally but answer with `Connection: close`, and any new
 * request on a kept-alive socket gets a 503 (nothing accepted, so a client may retry elsewhere).
 */
export function drainable(): { middleware: Gate; drain(http: HttpServer): Promise<void> } {
  let draining = false;
  const inFlight = new Set<ServerResponse>();
  let idle: (() => void) | null = null;

  const middleware: Gate = (_req, res, next) => {
    if (draining) {
      res.setHeader('connection', 'close');
      sendJson(res, 503, { error: 'shutting down' });
      return;
    }
    inFlight.add(res);
    res.once('close', () => {
      inFlight.delete(res);
      if (inFlight.size === 0) idle?.();
    });
    next();
  };

  async function drain(http: HttpServer): Promise<void> {
    draining = true;
    for (const res of inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
    const closed = new Promise<void>((resolve) => (http.listening ? http.close(() => resolve()) : resolve()));
    if (inFlight.size > 0) await new Promise<void>((resolve) => (idle = resolve));
    // Every answer said `Connection: close`; whatever socket is left is idle.
    http.closeIdleConnections();
    await closed;
  }

  return { middleware, drain };
}
