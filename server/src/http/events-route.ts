import express, { Router } from 'express';
import type { Access } from '../auth/access.js';
import type { IngestService } from '../ingest/ingest-service.js';
import { BadBodyError, parseBody } from '../ingest/parse-body.js';
import type { IntegrityReport } from '../storage/integrity/integrity.js';
import { requireRole } from './require-role.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * POST /api/v1/events: one event, a JSON array, or NDJSON. Answers only once the events are stored:
 * 200 `{ accepted, duplicates, rejected }`, or 400 when the body holds no valid event at all, or when
 * ClickHouse refused its events (`error` says why, in words of ours); 503 while the store is down.
 */
export function eventsRoute(deps: { access: Access; ingest: IngestService; bodyLimitMb: number; integrity: IntegrityReport }): Router {
  const router = Router();
  router.post(
    '/api/v1/events',
    requireRole(deps.access, 'ingest'),
    express.raw({ type: () => true, limit: `${deps.bodyLimitMb}mb` }),
    async (req, res, next) => {
      // Missing parts would let their ids in again (counted twice), a changed phone key would blind the
      // frequency cap: nothing is accepted until an operator has looked (docs/operations.md).
      if (!deps.integrity.ok) {
        res.status(503).json({
          error: `storage integrity check failed at start (${deps.integrity.problems.map((p) => p.check).join(', ')}): nothing was accepted; see the server log`,
        });
        return;
      }
      try {
        const raw: unknown = req.body;
        if (!Buffer.isBuffer(raw) || raw.length === 0) {
          res.status(400).json({ error: 'body: is empty' });
          return;
        }
        let text: string;
        try {
          text = utf8.decode(raw);
        } catch {
          res.status(400).json({ error: 'body: is not valid UTF-8' });
          return;
        }
        const items = parseBody(text, req.headers['content-type']);
        const { refused, ...result } = await deps.ingest.ingest(items);
        // ClickHouse refused this request's events themselves (the others of its group commit were written):
        // a 400, since the same body would be refused again. Nothing of it was stored.
        if (refused !== undefined) {
          res.status(400).json({ error: `body: ClickHouse refused these events: ${refused}`, ...result });
          return;
        }
        // Not one valid event in the body (an empty array included): a 400, so a dialer that reads only
        // the status sees its bug. Same fields as a 200 (the rejected list names each item's problem).
        // A body of duplicates is a 200: a successful re-send. Some valid items: a 200, those are stored.
        const nothingValid = result.accepted === 0 && result.duplicates === 0;
        if (nothingValid) res.status(400).json({ error: 'body: no valid event', ...result });
        else res.status(200).json(result);
      } catch (e) {
        if (e instanceof BadBodyError) {
          res.status(400).json({ error: `body: ${e.message}` });
          return;
        }
        next(e);
      }
    },
  );
  return router;
}
