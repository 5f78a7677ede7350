import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';

/** The pages of the single-page app: each answers index.html, the app routes on the path. */
const PAGES = ['/', '/wall', '/supervisor', '/history', '/admin', '/me', '/login', '/report'];

/**
 * The built web at /. Only the app's pages fall back to index.html: anything else that is not a
 * file is a plain 404 (and /api keeps its JSON 404, mounted after this router).
 */
export function staticRoute(deps: { dist: string }): Router {
  const { dist } = deps;
  const router = Router();
  const index = path.join(dist, 'index.html');
  // Hashed asset names: cache them for long; index.html must always be fresh to pick up a new build.
  router.use('/assets', express.static(path.join(dist, 'assets'), { immutable: true, maxAge: '365d' }));
  router.use(express.static(dist, { index: false, maxAge: 0 }));
  router.get(PAGES, (_req, res) => {
    if (!existsSync(index)) return void res.status(503).type('text/plain').send('The web is not built: run `npm run build`.');
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}
