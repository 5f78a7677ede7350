import type { AddressInfo } from 'node:net';
import type { SchedulerLike } from 'rxjs';
import type { Mapping } from '../../../server/src/dialers/mapping-file.js';
import { Resolver } from '../../../server/src/dialers/resolver.js';
import type { HookSpec } from '../../../server/src/hooks/hook-spec.js';
import type { ConnectorStats } from '../core/connector-stats.js';
import type { Logger } from '../core/logger.js';
import type { Backoff } from '../delivery/backoff.js';
import { type DeliveryConfig, startDelivery } from '../delivery/delivery.js';
import { WebhookRelay } from './webhook-relay.js';

export interface RelayConfig extends DeliveryConfig {
  dialer: 'webhook';
  bind: string;
  port: number;
  specs: ReadonlyMap<string, HookSpec>;
  secrets: ReadonlyMap<string, string>;
  publicUrl?: string;
  mapping: Mapping;
  sendPhones: boolean;
  failureLimit: number;
}

export interface RelayConnector {
  stats: ConnectorStats;
  address: AddressInfo;
  drained(): Promise<void>;
  /** Stops listening, sends what it can within `drainMs`, spools the rest; resolves with the number lost. */
  stop(opts?: { drainMs?: number }): Promise<number>;
}

/** The webhook relay's data path: vendor posts → hook mapping → the shared bounded buffer → sender → FloorPulse. */
export async function startRelayConnector(
  config: RelayConfig,
  deps: { scheduler: SchedulerLike; log: Logger; backoff?: () => Backoff },
): Promise<RelayConnector> {
  const delivery = startDelivery(config, deps);
  const relay = new WebhookRelay({
    host: config.bind,
    port: config.port,
    specs: config.specs,
    secrets: config.secrets,
    ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
    resolver: new Resolver(config.mapping, delivery.stats),
    sendPhones: config.sendPhones,
    hasRoom: (n) => delivery.hasRoom(n),
    emit: (events) => delivery.emit(events),
    failureLimit: config.failureLimit,
    scheduler: deps.scheduler,
    stats: delivery.stats,
    log: deps.log,
  });
  const address = await relay.start();
  return {
    stats: delivery.stats,
    address,
    drained: () => delivery.drained(),
    async stop(opts = {}) {
      await relay.stop();
      const lost = await delivery.stop(opts.drainMs ?? 5000);
      deps.log.info({ ...delivery.stats.snapshot(), lost }, 'webhook relay stopped');
      return lost;
    },
  };
}
