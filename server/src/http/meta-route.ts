import { readFileSync } from 'node:fs';
import type { FloorTargets, MetaAnswer } from '@floorpulse/shared';
import { Router } from 'express';
import type { Access } from '../auth/access.js';
import { assetPath } from '../config/app-root.js';
import type { Config } from '../config/config.js';
import { requireRole } from './require-role.js';

/** FloorPulse's version, from the package.json at the app root. */
export function appVersion(appRoot: string): string {
  return (JSON.parse(readFileSync(assetPath('packageJson', appRoot), 'utf8')) as { version: string }).version;
}

/** GET /api/v1/meta: what a page needs to format times (the floor's zone) and which pages to offer (the role). */
export function metaRoute(deps: {
  access: Access;
  floorTz: string;
  demo: boolean;
  version: string;
  targets: FloorTargets;
  currency: string;
  celebrationShare: number;
}): Router {
  const router = Router();
  router.get('/api/v1/meta', requireRole(deps.access, 'wall'), (req, res) => {
    const p = req.principal!;
    // `demo`: the simulated floor of `npm run demo`, labelled on every page so nobody mistakes it for real data.
    // `who`: the person or the display asking, so a page greets them and a display shows its own wall.
    const display = p.displayId ? deps.access.display(p.displayId) : undefined;
    res.json({
      floorTz: deps.floorTz,
      version: deps.version,
      role: p.role,
      demo: deps.demo,
      who: {
        kind: p.kind,
        by: p.by,
        name: p.name,
        ...(p.login ? { login: p.login } : {}),
        ...(p.teams ? { teams: p.teams } : {}),
        ...(p.agentId ? { agentId: p.agentId } : {}),
      },
      ...(display ? { display } : {}),
      targets: deps.targets,
      currency: deps.currency,
      celebrationShare: deps.celebrationShare,
    } satisfies MetaAnswer);
  });
  return router;
}

/** The targets the screens colour against, from the one config module. */
export function floorTargets(config: Config): FloorTargets {
  return {
    conversionRate: { good: config.CONVERSION_TARGET, warn: config.CONVERSION_WARN },
    hotLeadConversion: { good: config.HOT_LEAD_CONVERSION_TARGET, warn: config.HOT_LEAD_CONVERSION_WARN },
  };
}
