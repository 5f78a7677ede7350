import type { ClickHouseClient } from '@clickhouse/client';
import type { Celebration, StoredEvent } from '@floorpulse/shared';
import type { Router } from 'express';
import type { Logger } from 'pino';
import type { Observable, SchedulerLike, Subscription } from 'rxjs';
import type { Access } from '../auth/access.js';
import type { ViolationIndex } from '../pipeline/rules/event-rule-engine.js';
import { PointsLedger } from './points-ledger.js';
import { pointsRoute } from './points-route.js';
import { PointsRuleBook } from './points-rules.js';
import { startPointsStage } from './points-stage.js';

export interface PointsDeps {
  access: Access;
  client: ClickHouseClient;
  scheduler: SchedulerLike;
  stored$: Observable<readonly StoredEvent[]>;
  violations: ViolationIndex;
  agents: { isRobot(agentId: string): boolean; teamOf(agentId: string): string | undefined; nameOf(agentId: string): string };
  goals: { dailyGoalsMetToday(agentId: string): boolean; dailyGoalsMet(agentId: string, dayStart: number): Promise<boolean> };
  teamZone(teamId: string): string | undefined;
  effectiveSeconds: number;
  zone: string;
  log: Logger;
  /** The rules stage's celebration ledger: a daily goal met is celebrated once, with its points. */
  celebrate?: ((c: Celebration, ruleId: string) => Promise<boolean>) | undefined;
}

export interface Points {
  rules: PointsRuleBook;
  ledger: PointsLedger;
  route: Router;
  subscription: Subscription;
  /** What a celebration's card says it earned ("+20"): a person's sale; nothing for the rest. */
  pointsOf(c: Celebration): number | undefined;
}

/** Points (docs/metrics.md, "Points"): rules, the ledger, the stage that awards from stored batches, the route. */
export async function createPoints(d: PointsDeps): Promise<Points> {
  const rules = new PointsRuleBook({ client: d.client, scheduler: d.scheduler });
  const ledger = new PointsLedger({ client: d.client, scheduler: d.scheduler, zone: d.zone });
  await Promise.all([rules.load(), ledger.load()]);
  const subscription = startPointsStage({ ...d, ledger, rules, nameOf: (a) => d.agents.nameOf(a) });
  const route = pointsRoute({
    access: d.access,
    rules,
    client: d.client,
    scheduler: d.scheduler,
    zone: d.zone,
    teamZone: d.teamZone,
    nameOf: (a) => d.agents.nameOf(a),
  });
  const pointsOf = (c: Celebration): number | undefined => {
    if (!c.agentId || d.agents.isRobot(c.agentId)) return undefined;
    // A sale's celebration fires exactly when its points are earned (the same violation index, people only);
    // a streak's rule may count other days than the points' streakDays, so its card names none.
    const p = c.kind === 'sale' ? rules.get().sale : 0;
    return p > 0 ? p : undefined;
  };
  return { rules, ledger, route, subscription, pointsOf };
}
