import type { IncomingMessage } from 'node:http';

/**
 * The address a limit counts against: the TCP peer, the same for an HTTP request and a socket's
 * handshake (socket.request). Behind a reverse proxy this is the proxy's address: trusting
 * X-Forwarded-For would have to be configured per proxy, and is not done (docs/operations.md).
 */
export function clientAddress(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? 'unknown';
}
