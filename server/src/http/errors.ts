import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { EventsRefusedError } from '../ingest/events-refused.js';
import { StoreUnavailableError } from '../storage/clickhouse.js';

/** The last handler: known failures get their status, anything else a 500 without internals. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, _req, res, _next) => {
    const status = typeof err === 'object' && err !== null && 'status' in err && typeof err.status === 'number' ? err.status : 0;
    if (status === 413) {
      res.status(413).json({ error: 'body: is larger than the limit' });
      return;
    }
    if (status >= 400 && status < 500) {
      res.status(status).json({ error: 'body: could not be read' });
      return;
    }
    // A refusal thrown (not answered as a 400 by the events route) is another request's: this one waited on
    // an id that request was writing, and that id is not stored. Retrying is right, as for a store that is down.
    if (err instanceof StoreUnavailableError || err instanceof EventsRefusedError) {
      res.status(503).json({ error: 'storage unavailable: nothing was accepted, retry later' });
      return;
    }
    log.error({ err }, 'request failed');
    res.status(500).json({ error: 'internal error' });
  };
}
