import type { Alert, StoredEvent } from '@floorpulse/shared';
import type { Logger } from 'pino';
import type { RedisClientType } from 'redis';
import { type Observable, Subject } from 'rxjs';
import { outageLog } from './claims.js';

/** One alert transition as stored by the process that won it: peers mirror it in memory. */
export interface PeerAlert {
  alert: Alert;
  seq: number;
}

/** The other server processes, for the alert service: each transition written here is published to them, theirs are mirrored here. */
export interface AlertPeers {
  publish(alert: Alert, seq: number): void;
  transitions$: Observable<PeerAlert>;
}

type Message =
  | { node: string; kind: 'stored'; events: readonly StoredEvent[] }
  | { node: string; kind: 'alert'; alert: Alert; seq: number };

/** One channel for everything, so a batch and the alert it caused arrive at peers in that order. */
export const BUS_CHANNEL = 'fp:bus';

/**
 * The stored-events bus: every batch this process stored in ClickHouse, and every alert transition
 * it wrote, go to the other processes over Redis pub/sub; theirs come back as `remote$` and
 * `peerAlerts$` (this process's own messages are dropped by node id).
 *
 * Server to server only: batches carry phone hashes (the frequency cap needs them); nothing here
 * reaches a browser, and nothing of a message is logged.
 * Pub/sub is at-most-once: a process disconnected from Redis misses what was published meanwhile.
 */
export class StoredBus {
  private readonly remote = new Subject<readonly StoredEvent[]>();
  private readonly alerts = new Subject<PeerAlert>();
  readonly remote$: Observable<readonly StoredEvent[]> = this.remote.asObservable();
  readonly peerAlerts$: Observable<PeerAlert> = this.alerts.asObservable();

  private readonly outage: ReturnType<typeof outageLog>;

  private constructor(private readonly o: { pub: RedisClientType; sub: RedisClientType; node: string; log: Logger }) {
    this.outage = outageLog(
      o.log,
      "cluster: cannot publish, the other processes miss this one's events until redis is back",
      'cluster: publishing again',
    );
  }

  static async connect(o: { pub: RedisClientType; sub: RedisClientType; node: string; log: Logger }): Promise<StoredBus> {
    const bus = new StoredBus(o);
    await o.sub.subscribe(BUS_CHANNEL, (raw) => bus.receive(raw));
    return bus;
  }

  publishStored(events: readonly StoredEvent[]): void {
    if (events.length > 0) this.publish({ node: this.o.node, kind: 'stored', events });
  }

  publishAlert(alert: Alert, seq: number): void {
    this.publish({ node: this.o.node, kind: 'alert', alert, seq });
  }

  close(): void {
    this.remote.complete();
    this.alerts.complete();
  }

  private publish(m: Message): void {
    // Fire and forget: the data is already in ClickHouse; a peer that misses it is documented best-effort.
    this.o.pub.publish(BUS_CHANNEL, JSON.stringify(m)).then(
      () => this.outage.ok(),
      (err: unknown) => this.outage.failed(err),
    );
  }

  private receive(raw: string): void {
    let m: Message;
    try {
      m = JSON.parse(raw) as Message;
    } catch {
      this.o.log.warn('cluster: unreadable bus message dropped');
      return;
    }
    if (m.node === this.o.node) return;
    if (m.kind === 'stored' && Array.isArray(m.events)) this.remote.next(m.events);
    else if (m.kind === 'alert' && m.alert && typeof m.seq === 'number') this.alerts.next({ alert: m.alert, seq: m.seq });
  }
}
