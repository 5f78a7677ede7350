import type { ClickHouseClient } from '@clickhouse/client';
import type { Celebration, StoredEvent } from '@floorpulse/shared';
import type { Logger } from 'pino';
import { interval, type Observable, type SchedulerLike, type Subject, Subscription } from 'rxjs';
import type { AgentDirectory } from '../agents/agent-directory.js';
import type { Roster } from '../agents/roster.js';
import type { Access } from '../auth/access.js';
import { CelebrationLedger } from '../celebrations/celebration-ledger.js';
import type { Claims } from '../cluster/claims.js';
import type { Thresholds } from '../pipeline/windows/contribution.js';
import type { ScreenFeature } from '../realtime/screen-feature.js';
import { contestsFeed } from './contests-feed.js';
import { contestsRoute } from './contests-route.js';
import { ContestsService } from './contests-service.js';

/** 1 s: a window's close is decided within a second of its grace (contests-service.ts). */
const TICK_MS = 1000;

export interface ContestsDeps {
  client: ClickHouseClient;
  scheduler: SchedulerLike;
  thresholds: Thresholds;
  access: Access;
  roster: Pick<Roster, 'agent' | 'team'>;
  agents: AgentDirectory;
  stored$: Observable<readonly StoredEvent[]>;
  celebrations$: Subject<Celebration>;
  claims?: Claims | undefined;
  maskText: (s: string) => string;
  /** Several processes (REDIS_URL): how often the contests others started are read back; null for one process. */
  refreshMs: number | null;
  log: Logger;
}

/** The contests feature (docs/rules.md, "Contests"): its service, route and screens, and the subscription that feeds them. */
export async function createContests(d: ContestsDeps) {
  // Its own ledger on the celebrations table: ids contest:<id> never meet the rules' ids.
  const ledger = new CelebrationLedger({ client: d.client, scheduler: d.scheduler, celebrations$: d.celebrations$, claims: d.claims });
  const log = d.log.child({ stage: 'contests' });
  const service = new ContestsService({
    client: d.client,
    scheduler: d.scheduler,
    thresholds: d.thresholds,
    agents: d.agents,
    ledger,
    maskText: d.maskText,
    log,
  });
  await Promise.all([ledger.load(), service.load()]);
  const subscription = new Subscription();
  subscription.add(d.stored$.subscribe((batch) => service.noteStored(batch)));
  subscription.add(interval(TICK_MS, d.scheduler).subscribe(() => service.tick()));
  if (d.refreshMs !== null)
    subscription.add(
      interval(d.refreshMs, d.scheduler).subscribe(() => {
        service.refresh().catch((err: unknown) => log.warn({ err }, 'contests: refresh from ClickHouse failed'));
      }),
    );
  const feature: ScreenFeature = contestsFeed({ boards: () => service.onWalls(), changed$: service.changed$ });
  return { service, subscription, route: contestsRoute({ access: d.access, contests: service, roster: d.roster }), feature };
}
