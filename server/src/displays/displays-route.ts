import { type DisplayCreatedAnswer, type DisplayLink, type DisplaysAnswer, describeIssue, displayLinkBody } from '@floorpulse/shared';
import express, { Router } from 'express';
import type { Access } from '../auth/access.js';
import { requireRole } from '../http/require-role.js';
import { type DisplayDirectory, DisplayNotFoundError } from './display-directory.js';

/**
 * The TVs' display links, for an admin (docs/people.md, "Display links"): GET /api/v1/displays,
 * POST /api/v1/displays (a new link; its secret is in the answer and nowhere else), DELETE
 * /api/v1/displays/:id (revoked: its wall says it was switched off).
 */
export function displaysRoute(deps: { access: Access; displays: DisplayDirectory }): Router {
  const router = Router();
  router.get('/api/v1/displays', requireRole(deps.access, 'admin'), (_req, res) => {
    res.json({ displays: deps.displays.list() } satisfies DisplaysAnswer);
  });
  router.post('/api/v1/displays', requireRole(deps.access, 'admin'), express.json({ limit: '16kb' }), async (req, res) => {
    const body = displayLinkBody.safeParse(req.body);
    if (!body.success) return void res.status(400).json({ error: describeIssue(body.error) });
    const { link, secret } = await deps.displays.create(body.data, req.principal!.by);
    res.status(201).json({ link, secret, path: `/wall?display=${encodeURIComponent(secret)}` } satisfies DisplayCreatedAnswer);
  });
  router.delete('/api/v1/displays/:id', requireRole(deps.access, 'admin'), async (req, res) => {
    try {
      res.json((await deps.displays.revoke(String(req.params.id), req.principal!.by)) satisfies DisplayLink);
    } catch (e) {
      if (e instanceof DisplayNotFoundError) return void res.status(404).json({ error: 'display not found' });
      throw e;
    }
  });
  return router;
}
