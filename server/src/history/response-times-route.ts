import type { ClickHouseClient } from '@clickhouse/client';
import { RESPONSE_GROUPINGS, type ResponseTimesAnswer } from '@floorpulse/shared';
import { Router } from 'express';
import type { SchedulerLike } from 'rxjs';
import { z } from 'zod';
import type { Access } from '../auth/access.js';
import { requireRole } from '../http/require-role.js';
import { BadRangeError, resolveRange } from './history-route.js';
import { responseTimes } from './response-times-repo.js';

export interface ResponseTimesDeps {
  access: Access;
  client: ClickHouseClient;
  scheduler: SchedulerLike;
  tz: string;
  /** A supervisor's display name by login (the people directory). */
  nameOf: (login: string) => string | undefined;
  /** The rules' configured ack targets, seconds, by rule id (rules in force). */
  ackTargets: () => Record<string, number>;
}

const byQuery = z.enum(RESPONSE_GROUPINGS).default('supervisor');

/**
 * GET /api/v1/history/response-times?range=&by=supervisor|team|rule (supervisor or admin: how fast
 * named people answered is for the floor's management, not the wall): p50 and p90 per day, with the
 * SQL that computed them (docs/rules.md, "Response times").
 */
export function responseTimesRoute(deps: ResponseTimesDeps): Router {
  const router = Router();
  router.get('/api/v1/history/response-times', requireRole(deps.access, 'supervisor'), async (req, res, next) => {
    try {
      const by = byQuery.safeParse(typeof req.query.by === 'string' ? req.query.by : undefined);
      if (!by.success) return void res.status(400).json({ error: 'by: must be supervisor, team or rule' });
      const range = resolveRange(req.query, deps.scheduler.now(), deps.tz);
      const result = await responseTimes(deps.client, { by: by.data, ...range, tz: deps.tz });
      const names: Record<string, string> = {};
      if (by.data === 'supervisor')
        for (const r of result.rows) {
          const name = deps.nameOf(r.key);
          if (name) names[r.key] = name;
        }
      res.json({
        tz: deps.tz,
        from: new Date(range.fromMs).toISOString(),
        to: new Date(range.toMs).toISOString(),
        by: by.data,
        ...result,
        names,
        ackTargets: deps.ackTargets(),
      } satisfies ResponseTimesAnswer);
    } catch (e) {
      if (e instanceof BadRangeError) return void res.status(400).json({ error: e.message });
      next(e);
    }
  });
  return router;
}
