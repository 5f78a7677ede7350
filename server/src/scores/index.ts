import type { ClickHouseClient } from '@clickhouse/client';
import type { Celebration } from '@floorpulse/shared';
import { Router } from 'express';
import type { Logger } from 'pino';
import type { SchedulerLike, Subject, Subscription } from 'rxjs';
import type { AgentDirectory } from '../agents/agent-directory.js';
import type { RosterView } from '../agents/roster.js';
import type { Access } from '../auth/access.js';
import type { Claims } from '../cluster/claims.js';
import type { Config } from '../config/config.js';
import type { GoalsService } from '../goals/goals-service.js';
import { Honours } from './honours.js';
import { honoursRoute } from './honours-route.js';
import { scoresRoute } from './scores-route.js';
import { ScoresService } from './scores-service.js';
import { StarAnnouncer } from './star-announcer.js';

export interface ScoresDeps {
  config: Config;
  access: Access;
  client: ClickHouseClient;
  agents: AgentDirectory;
  roster: RosterView;
  goals: GoalsService;
  scheduler: SchedulerLike;
  celebrations$: Subject<Celebration>;
  claims: Claims;
  log: Logger;
}

/** The weighted scores, star of the week, champions and the honour roll: one feature, one folder (docs/metrics.md). */
export async function createScores(d: ScoresDeps): Promise<{ route: Router; subscription: Subscription; scores: ScoresService }> {
  const zone = d.config.FLOOR_TZ;
  const scores = new ScoresService({
    client: d.client,
    agents: d.agents,
    scheduler: d.scheduler,
    zone,
    zoneOfTeam: (teamId) => d.roster.team(teamId)?.timeZone || undefined,
    targets: { dailyDials: d.config.SCORE_DAILY_DIALS, conversion: d.config.CONVERSION_TARGET },
  });
  await scores.load();
  const star = new StarAnnouncer({
    client: d.client,
    scores,
    scheduler: d.scheduler,
    zone,
    minDials: d.config.STAR_MIN_DIALS,
    isRobot: (id) => d.agents.isRobot(id),
    celebrations$: d.celebrations$,
    claims: d.claims,
    log: d.log,
  });
  const honours = new Honours({ client: d.client, agents: d.agents, goals: d.goals, scheduler: d.scheduler, zone });
  const route = Router();
  route.use(scoresRoute({ access: d.access, scores }), honoursRoute({ access: d.access, honours }));
  return { route, subscription: star.start(), scores };
}
