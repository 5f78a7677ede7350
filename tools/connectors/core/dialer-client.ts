import type { Socket } from 'node:net';
import type { SchedulerLike } from 'rxjs';
import type { Backoff } from '../delivery/backoff.js';
import type { ConnectorStats } from './connector-stats.js';
import type { HeaderBlock } from './header-block.js';
import type { Logger } from './logger.js';
import { TcpSession } from './tcp-session.js';

/** What every dialer client is given; a dialer adds its own credentials. */
export interface DialerClientOptions {
  host: string;
  port: number;
  scheduler: SchedulerLike;
  log: Logger;
  stats: ConnectorStats;
  onEvent: (b: HeaderBlock) => void;
  backoff?: Backoff;
}

/**
 * A dialer's event connection over a reconnecting TcpSession: the session owns connecting, backoff and
 * stopping, the dialer (AMI, ESL) only its protocol: what to reset on a new connection and how to read it.
 */
export abstract class DialerClient<O extends DialerClientOptions = DialerClientOptions> {
  private readonly session: TcpSession;

  /** `name`: the dialer as the session's log lines name it ('asterisk', 'freeswitch'). */
  constructor(
    name: string,
    protected readonly o: O,
  ) {
    this.session = new TcpSession({
      name,
      host: o.host,
      port: o.port,
      scheduler: o.scheduler,
      log: o.log,
      stats: o.stats,
      ...(o.backoff ? { backoff: o.backoff } : {}),
      handlers: { onConnect: () => this.reset(), onData: (chunk, socket) => this.data(chunk, socket) },
    });
  }

  start(): void {
    this.session.start();
  }

  stop(): Promise<void> {
    return this.session.stop();
  }

  /** A new connection: the protocol starts over (a fresh framer, not logged in). */
  protected abstract reset(): void;

  /** Throwing (a framing error, a refused login) drops the connection; the session reconnects. */
  protected abstract data(chunk: Buffer, socket: Socket): void;
}
