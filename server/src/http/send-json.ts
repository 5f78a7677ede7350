import type { ServerResponse } from 'node:http';

/**
 * A JSON answer on Node's own response, the same bytes as Express's `res.status(s).json(body)` without
 * its ETag (a hash of every body, which no client of an API answer revalidates). The gates that run
 * before every route (drain.ts, limits/http-gates.ts, require-role.ts, errors.ts) answer with this, so
 * they serve Express's routes and the direct routes (direct-routes.ts) alike.
 */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}
