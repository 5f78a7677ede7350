import { describeIssue, type HelpAnswer, helpRequestBody, type MeAnswer } from '@floorpulse/shared';
import express, { type NextFunction, type Request, type Response, Router } from 'express';
import { InvalidTransitionError } from '../alerts/alert-actions.js';
import type { Access } from '../auth/access.js';
import { requireRole } from '../http/require-role.js';
import { HelpError, type HelpService } from './help-service.js';
import type { MeService } from './me-service.js';

/**
 * An agent's own screen (docs/people.md, "The agent's page"): GET /api/v1/me, and the help request
 * GET/POST/DELETE /api/v1/me/help. The agent role only (an admin is not an agent: 403). Whose data is
 * never a parameter: it is the signed-in agent's, and a query such as ?agent= is refused by name, so a
 * client cannot believe it read someone else's numbers.
 */
export function meRoute(deps: { access: Access; me: MeService; help: HelpService }): Router {
  const router = Router();
  const agent = requireRole(deps.access, 'agent');

  router.get('/api/v1/me', agent, noQuery, async (req, res) => {
    const agentId = linked(req, res);
    if (agentId) res.json((await deps.me.answer(agentId)) satisfies MeAnswer);
  });
  router.get('/api/v1/me/help', agent, noQuery, async (req, res) => {
    const agentId = linked(req, res);
    if (agentId) res.json({ request: await deps.help.current(agentId) } satisfies HelpAnswer);
  });
  router.post('/api/v1/me/help', agent, noQuery, express.json({ limit: '4kb' }), async (req, res) => {
    const agentId = linked(req, res);
    if (!agentId) return;
    const body = helpRequestBody.safeParse(req.body ?? {});
    if (!body.success) return void res.status(400).json({ error: describeIssue(body.error) });
    await answer(res, async () => {
      const { request, created } = await deps.help.request(agentId, body.data);
      res.status(created ? 201 : 200).json({ request } satisfies HelpAnswer);
    });
  });
  router.delete('/api/v1/me/help', agent, noQuery, async (req, res) => {
    const agentId = linked(req, res);
    if (!agentId) return;
    await answer(res, async () => {
      res.json({ request: await deps.help.cancel(agentId, req.principal!.by) } satisfies HelpAnswer);
    });
  });
  return router;
}

/** The roster agent the signed-in user is; without one, a 409 saying so. */
function linked(req: Request, res: Response): string | null {
  const agentId = req.principal?.agentId;
  if (!agentId) res.status(409).json({ error: 'agentId: your user is not linked to a roster agent: ask an administrator' });
  return agentId ?? null;
}

/** /me has no parameters: `?agent=someone` is refused, naming it, rather than silently answered with my own. */
function noQuery(req: Request, res: Response, next: NextFunction): void {
  const first = Object.keys(req.query)[0];
  if (first !== undefined) return void res.status(400).json({ error: `${first}: unknown parameter (this page is always your own)` });
  next();
}

async function answer(res: Response, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof HelpError) return void res.status(err.status).json({ error: err.message });
    // A supervisor resolved it in the same instant: the agent's cancel lost the race.
    if (err instanceof InvalidTransitionError) return void res.status(409).json({ error: `help: ${err.message}` });
    throw err;
  }
}
