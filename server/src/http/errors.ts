import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { EventsRefusedError } from '../ingest/events-refused.js';
import { StoreUnavailableError } from '../storage/clickhouse.js';
import { sendJson } from './send-json.js';

/** Express's error handler shape (four parameters: Express tells one by its arity), on Node's own types. */
export type ErrorAnswer = (err: unknown, req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

/**
 * The last handler: known failures get their status, anything else a 500 without internals. The same one
 * ends Express's stack and the direct routes' (direct-routes.ts).
 */
export function errorHandler(log: Logger): ErrorAnswer {
  return (err, _req, res, _next) => {
    const status = typeof err === 'object' && err !== null && 'status' in err && typeof err.status === 'number' ? err.status : 0;
    if (status === 413) {
      sendJson(res, 413, { error: 'body: is larger than the limit' });
      return;
    }
    if (status >= 400 && status < 500) {
      sendJson(res, status, { error: 'body: could not be read' });
      return;
    }
    // A refusal thrown (not answered as a 400 by the events route) is another request's: this one waited on
    // an id that request was writing, and that id is not stored. Retrying is right, as for a store that is down.
    if (err instanceof StoreUnavailableError || err instanceof EventsRefusedError) {
      sendJson(res, 503, { error: 'storage unavailable: nothing was accepted, retry later' });
      return;
    }
    log.error({ err }, 'request failed');
    sendJson(res, 500, { error: 'internal error' });
  };
}
