import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { StoredEvent } from '@floorpulse/shared';
import type { Logger } from 'pino';
import { createClient, type RedisClientType } from 'redis';
import { merge, type Observable, Subject, Subscription } from 'rxjs';
import type { Config } from '../config/config.js';
import type { IngestService } from '../ingest/ingest-service.js';
import { type Claims, errText, localClaims, redisClaims } from './claims.js';
import { type AlertPeers, StoredBus } from './stored-bus.js';

export type { Claims } from './claims.js';

export interface ClusterDeps {
  config: Config;
  ingest: IngestService;
  /** The frequency cap's history: the dials other processes stored count too (compliance/compliance-stage.ts). */
  compliance: { noteDials(events: readonly StoredEvent[]): void };
  log: Logger;
}

export interface Cluster {
  /** This process, in bus messages and claim values. */
  node: string;
  /** Every stored batch of the floor: this process's own and (with Redis) the other processes'. */
  stored$: Observable<readonly StoredEvent[]>;
  claims: Claims;
  /** Alert transitions to and from the other processes; absent without Redis. */
  alertPeers?: AlertPeers;
  /** Starts delivering the peers' batches: call once every consumer of stored$ is subscribed. */
  open(): void;
  close(): Promise<void>;
}

/**
 * Several processes, one floor (docs/realtime.md, "Several processes"). Without REDIS_URL it is this
 * process alone: stored$ is the ingest's, every claim is won. With Redis, the stored-events bus makes
 * every process's windows, rules and frequency cap see every batch, and claims make each side effect
 * happen once.
 *
 * Call it before the windows are rebuilt from ClickHouse: peers' batches arriving meanwhile are held
 * until open(), and any already read from ClickHouse (or seen before) is dropped by its event id.
 */
export async function startCluster(d: ClusterDeps): Promise<Cluster> {
  const node = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const url = d.config.REDIS_URL;
  if (!url) return { node, stored$: d.ingest.stored$, claims: localClaims, open: () => undefined, close: async () => undefined };

  const log = d.log.child({ stage: 'cluster', node });
  // No offline queue: while Redis is away a command fails at once (claims fall back to acting alone) instead of waiting.
  const pub = createClient({ url, disableOfflineQueue: true }) as RedisClientType;
  const sub = pub.duplicate() as RedisClientType;
  pub.on('error', (err: unknown) => log.error({ err: errText(err) }, 'redis (cluster) error'));
  sub.on('error', (err: unknown) => log.error({ err: errText(err) }, 'redis (cluster bus) error'));
  await Promise.all([pub.connect(), sub.connect()]);
  const bus = await StoredBus.connect({ pub, sub, node, log });

  const remote = new Subject<readonly StoredEvent[]>();
  let held: (readonly StoredEvent[])[] | null = [];
  const accept = (events: readonly StoredEvent[]) => {
    // A re-send of these ids to this process is now a duplicate, their channels are known; their dials count for the cap.
    const fresh = d.ingest.acceptPeerBatch(events);
    if (fresh.length === 0) return;
    d.compliance.noteDials(fresh);
    remote.next(fresh);
  };
  const subs = new Subscription();
  subs.add(bus.remote$.subscribe((events) => (held ? held.push(events) : accept(events))));
  subs.add(d.ingest.stored$.subscribe((events) => bus.publishStored(events)));
  log.info({ redis: url.replace(/\/\/[^@]*@/, '//***@') }, 'cluster bus on: windows and rules see every process');

  return {
    node,
    stored$: merge(d.ingest.stored$, remote),
    claims: redisClaims(pub, node, log),
    alertPeers: { publish: (alert, seq) => bus.publishAlert(alert, seq), transitions$: bus.peerAlerts$ },
    open() {
      const waiting = held ?? [];
      held = null;
      waiting.forEach(accept);
    },
    async close() {
      subs.unsubscribe();
      bus.close();
      remote.complete();
      await Promise.allSettled([sub.quit(), pub.quit()]);
    },
  };
}
