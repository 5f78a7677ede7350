import type { ClickHouseClient } from '@clickhouse/client';
import { type BacktestAnswer, describeIssue, type Rule, type RulesAnswer, timestamp } from '@floorpulse/shared';
import express, { Router } from 'express';
import type { SchedulerLike } from 'rxjs';
import { z } from 'zod';
import type { RosterView } from '../agents/roster.js';
import type { Access } from '../auth/access.js';
import { requireRole } from '../http/require-role.js';
import { ruleSchema, type Rule as ServerRule } from '../pipeline/rules/rule.js';
import type { Thresholds } from '../pipeline/windows/contribution.js';
import { BacktestUnsupportedError, backtest, MAX_BACKTEST_MS } from './backtest.js';
import type { RuleBook } from './rule-book.js';

const backtestBody = z.strictObject({
  ruleId: z.string().min(1).max(64).optional(),
  rule: z.unknown().optional(),
  from: timestamp,
  to: timestamp,
});

export interface RulesRouteDeps {
  access: Access;
  rules: RuleBook;
  client: ClickHouseClient;
  scheduler: SchedulerLike;
  zone: string;
  thresholds: Thresholds;
  bucketMs: number;
  /** Which lines are robots, for a rule meant for people or for robot lines. */
  roster: RosterView;
}

/** GET /api/v1/rules, PUT /api/v1/rules/:id (admin), POST /api/v1/rules/backtest (supervisor): docs/rules.md. */
export function rulesRoute(deps: RulesRouteDeps): Router {
  const router = Router();
  router.get('/api/v1/rules', requireRole(deps.access, 'viewer'), (_req, res) => {
    res.json({ rules: deps.rules.all() } satisfies RulesAnswer);
  });
  router.put('/api/v1/rules/:id', requireRole(deps.access, 'admin'), express.json({ limit: '64kb' }), async (req, res) => {
    const id = String(req.params.id);
    const parsed = ruleSchema.safeParse({ ...(typeof req.body === 'object' && req.body ? req.body : {}), id });
    if (!parsed.success) return void res.status(400).json({ error: describeIssue(parsed.error) });
    if (typeof req.body?.id === 'string' && req.body.id !== id)
      return void res.status(400).json({ error: 'id: must match the id in the path' });
    res.json((await deps.rules.put(parsed.data, req.principal!.by)) satisfies Rule);
  });
  router.post('/api/v1/rules/backtest', requireRole(deps.access, 'supervisor'), express.json({ limit: '64kb' }), async (req, res) => {
    const body = backtestBody.safeParse(req.body);
    if (!body.success) return void res.status(400).json({ error: describeIssue(body.error) });
    const { from, to, ruleId } = body.data;
    if (to <= from) return void res.status(400).json({ error: 'to: must be after from' });
    if (to - from > MAX_BACKTEST_MS) return void res.status(400).json({ error: 'to: the period must be at most 31 days' });
    let rule: ServerRule | undefined;
    if (body.data.rule !== undefined) {
      const r = ruleSchema.safeParse(body.data.rule);
      if (!r.success) return void res.status(400).json({ error: `rule.${describeIssue(r.error)}` });
      rule = r.data;
    } else if (ruleId) {
      rule = deps.rules.get(ruleId);
      if (!rule) return void res.status(404).json({ error: 'rule not found' });
    } else return void res.status(400).json({ error: 'rule: give a rule or a ruleId' });
    try {
      res.json(
        (await backtest(
          { client: deps.client, zone: deps.zone, thresholds: deps.thresholds, bucketMs: deps.bucketMs, roster: deps.roster },
          rule,
          from,
          to,
        )) satisfies BacktestAnswer,
      );
    } catch (err) {
      if (err instanceof BacktestUnsupportedError) return void res.status(400).json({ error: err.message });
      throw err;
    }
  });
  return router;
}
