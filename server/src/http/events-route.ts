import express, { Router } from 'express';
import type { Role } from '@floorpulse/shared';
import type { IngestService } from '../ingest/ingest-service.js';
import { BadBodyError, parseBody } from '../ingest/parse-body.js';
import { requireRole } from './require-role.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** POST /api/v1/events: one event, a JSON array, or NDJSON. Answers only once the events are stored. */
export function eventsRoute(deps: { tokens: Record<Role, string>; ingest: IngestService; bodyLimitMb: number }): Router {
  const router = Router();
  router.post(
    '/api/v1/events',
    requireRole(deps.tokens, 'ingest'),
    express.raw({ type: () => true, limit: `${deps.bodyLimitMb}mb` }),
    async (req, res, next) => {
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
        const result = await deps.ingest.ingest(items);
        res.status(200).json(result);
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
