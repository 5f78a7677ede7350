import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Role } from '@floorpulse/shared';
import { Router } from 'express';
import { requireRole } from './require-role.js';

const ROOT_PACKAGE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../package.json');
const VERSION = (JSON.parse(readFileSync(ROOT_PACKAGE, 'utf8')) as { version: string }).version;

/** GET /api/v1/meta: what a page needs to format times (the floor's zone) and which pages to offer (the role). */
export function metaRoute(deps: { tokens: Record<Role, string>; floorTz: string; demo: boolean }): Router {
  const router = Router();
  router.get('/api/v1/meta', requireRole(deps.tokens, 'viewer'), (req, res) => {
    // `demo`: the simulated floor of `npm run demo`, labelled on every page so nobody mistakes it for real data.
    res.json({ floorTz: deps.floorTz, version: VERSION, role: req.role, demo: deps.demo });
  });
  return router;
}
