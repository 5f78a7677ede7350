import type { SchedulerLike, Subscription } from 'rxjs';
import type { Mapping } from '../../server/src/dialers/mapping-file.js';
import { Resolver } from '../../server/src/dialers/resolver.js';
import { AmiClient } from './asterisk/ami-client.js';
import { AmiMapper } from './asterisk/ami-mapper.js';
import type { ConnectorStats } from './core/connector-stats.js';
import type { DialerClient } from './core/dialer-client.js';
import type { HeaderBlock } from './core/header-block.js';
import type { Logger } from './core/logger.js';
import type { OutEvent, SourceMapper } from './core/out-event.js';
import type { Backoff } from './delivery/backoff.js';
import { type DeliveryConfig, startDelivery } from './delivery/delivery.js';
import { EslClient } from './freeswitch/esl-client.js';
import { EslMapper } from './freeswitch/esl-mapper.js';

export interface ConnectorConfig extends DeliveryConfig {
  dialer: 'asterisk' | 'freeswitch';
  host: string;
  port: number;
  /** AMI user (manager.conf); unused for ESL. */
  user: string;
  /** AMI secret or ESL password. */
  secret: string;
  mapping: Mapping;
  /** Names the dialer in AMI ids (Uniqueids are unique per Asterisk only). */
  sourceId: string;
  trunks: readonly string[];
  sendPhones: boolean;
  cdr: boolean;
  outcomeEvent?: string;
  campaignVariable?: string;
  /** The dialer runs answering-machine detection: every answered call says human, machine or unknown. */
  amd: boolean;
}

export interface ConnectorDeps {
  scheduler: SchedulerLike;
  log: Logger;
  /** Backoff for the dialer connection and for FloorPulse (tests shorten them). */
  backoff?: () => Backoff;
  /** Every 60 s a stats line (0: none). */
  statsEveryMs?: number;
}

export interface Connector {
  stats: ConnectorStats;
  /** Resolves once everything mapped so far is acknowledged by FloorPulse. */
  drained(): Promise<void>;
  /** Stops reading the dialer, sends what it can within `drainMs`, spools the rest; resolves with the number lost. */
  stop(opts?: { drainMs?: number }): Promise<number>;
}

/**
 * The data path of one connector: dialer client → mapper (mapping file) → bounded buffer → sender →
 * POST /api/v1/events. Built here only; tools/connect.ts reads the command line and the environment.
 */
export function startConnector(config: ConnectorConfig, deps: ConnectorDeps): Connector {
  const { scheduler, log } = deps;
  const delivery = startDelivery(config, deps);
  const { stats } = delivery;
  const resolver = new Resolver(config.mapping, stats);
  const emit = (events: OutEvent[]) => delivery.emit(events);
  const common = {
    resolver,
    stats,
    emit,
    trunks: config.trunks,
    sendPhones: config.sendPhones,
    amd: config.amd,
    ...(config.campaignVariable ? { campaignVariable: config.campaignVariable } : {}),
  };
  let mapper: SourceMapper<HeaderBlock>;
  let source: DialerClient;
  const backoff = deps.backoff ? { backoff: deps.backoff() } : {};
  if (config.dialer === 'asterisk') {
    mapper = new AmiMapper({
      ...common,
      sourceId: config.sourceId,
      scheduler,
      cdr: config.cdr,
      ...(config.outcomeEvent ? { outcomeEvent: config.outcomeEvent } : {}),
    });
    source = new AmiClient({
      host: config.host,
      port: config.port,
      user: config.user,
      secret: config.secret,
      scheduler,
      log,
      stats,
      onEvent: (b) => mapper.handle(b),
      ...backoff,
    });
  } else {
    mapper = new EslMapper(common);
    source = new EslClient({
      host: config.host,
      port: config.port,
      password: config.secret,
      scheduler,
      log,
      stats,
      onEvent: (b) => mapper.handle(b),
      ...backoff,
    });
  }
  source.start();
  let ticker: Subscription | null = null;
  const every = deps.statsEveryMs ?? 60_000;
  if (every > 0) {
    ticker = scheduler.schedule(function tick(this: { schedule(s?: unknown, d?: number): void }) {
      log.info({ ...stats.snapshot(), waiting: delivery.waiting }, 'connector stats');
      this.schedule(undefined, every);
    }, every);
  }
  return {
    stats,
    drained: () => delivery.drained(),
    async stop(opts = {}) {
      ticker?.unsubscribe();
      await source.stop();
      mapper.flush();
      const lost = await delivery.stop(opts.drainMs ?? 5000);
      log.info({ ...stats.snapshot(), lost }, 'connector stopped');
      return lost;
    },
  };
}
