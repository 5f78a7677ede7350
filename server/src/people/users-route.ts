import { describeIssue, TOKEN_ROLES, type User, type UsersAnswer, userBody } from '@floorpulse/shared';
import express, { Router } from 'express';
import { z } from 'zod';
import type { Access } from '../auth/access.js';
import { requireRole } from '../http/require-role.js';
import type { UserDirectory } from './user-directory.js';

const loginParam = z
  .string()
  .min(2)
  .max(64)
  .regex(/^[A-Za-z0-9._@-]+$/);

/**
 * The users who sign in, for an admin (docs/people.md): GET /api/v1/users, PUT /api/v1/users/:login
 * (creates or changes one; a password is set only when given). A login may not be a token's role: the
 * audit trails write a token's actions as its role.
 */
export function usersRoute(deps: { access: Access; users: UserDirectory }): Router {
  const router = Router();
  router.get('/api/v1/users', requireRole(deps.access, 'admin'), (_req, res) => {
    res.json({ users: deps.users.list() } satisfies UsersAnswer);
  });
  router.put('/api/v1/users/:login', requireRole(deps.access, 'admin'), express.json({ limit: '16kb' }), async (req, res) => {
    const login = loginParam.safeParse(req.params.login);
    if (!login.success) return void res.status(400).json({ error: 'login: letters, digits and . _ @ - only, 2 to 64' });
    if ((TOKEN_ROLES as readonly string[]).includes(login.data))
      return void res.status(400).json({ error: `login: ${login.data} is a token's role; choose another` });
    const body = userBody.safeParse(req.body);
    if (!body.success) return void res.status(400).json({ error: describeIssue(body.error) });
    const { password, ...fields } = body.data;
    if (fields.role === 'agent' && !fields.agentId) return void res.status(400).json({ error: 'agentId: an agent user is a roster agent' });
    if (!deps.users.get(login.data) && password === undefined)
      return void res.status(400).json({ error: 'password: a new user needs one' });
    const user: User = { login: login.data, ...fields };
    res.json(await deps.users.put(user, password, req.principal!.by));
  });
  return router;
}
