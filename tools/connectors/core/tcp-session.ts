import { connect, type Socket } from 'node:net';
import type { SchedulerLike } from 'rxjs';
import { Backoff } from '../delivery/backoff.js';
import type { ConnectorStats } from './connector-stats.js';
import type { Logger } from './logger.js';
import { wait } from './wait.js';

export interface TcpSessionHandlers {
  /** A new connection: reset the protocol state (a framer, a login step). */
  onConnect(socket: Socket): void;
  /** Throwing (a framing error, a refused login) drops this connection; the session reconnects. */
  onData(chunk: Buffer, socket: Socket): void;
}

/**
 * A TCP connection to the dialer that comes back: on a close or an error it reconnects with jittered
 * backoff (250 ms doubling to 30 s) until stopped. Neither AMI nor ESL replays what was sent while the
 * connection was down: docs/connectors.md says what that means for each dialer.
 */
export class TcpSession {
  private readonly abort = new AbortController();
  private socket: Socket | null = null;
  private done: Promise<void> | null = null;
  private connections = 0;

  constructor(
    private readonly o: {
      name: string;
      host: string;
      port: number;
      scheduler: SchedulerLike;
      log: Logger;
      stats: ConnectorStats;
      handlers: TcpSessionHandlers;
      backoff?: Backoff;
    },
  ) {}

  start(): void {
    this.done ??= this.run();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    this.socket?.destroy();
    await this.done;
  }

  private async run(): Promise<void> {
    const backoff = this.o.backoff ?? new Backoff();
    while (!this.abort.signal.aborted) {
      const { connected, error } = await this.once();
      if (this.abort.signal.aborted) break;
      if (connected) backoff.reset();
      this.o.stats.reconnects++;
      const delay = backoff.next();
      // One line per attempt, the socket's error in it: at most two a minute once the backoff is at 30 s.
      this.o.log.warn(
        { dialer: this.o.name, host: this.o.host, port: this.o.port, retryInMs: delay, ...(error ? { error } : {}) },
        connected ? 'dialer connection lost: reconnecting' : 'dialer unreachable: retrying',
      );
      await wait(this.o.scheduler, delay, this.abort.signal);
    }
  }

  /** One connection, until it closes: whether it was established, and the socket's error if any. */
  private once(): Promise<{ connected: boolean; error?: string }> {
    return new Promise((resolve) => {
      let established = false;
      let error: string | undefined;
      const socket = connect({ host: this.o.host, port: this.o.port });
      this.socket = socket;
      socket.setKeepAlive(true, 15_000);
      socket.on('connect', () => {
        established = true;
        this.connections++;
        this.o.log.info({ dialer: this.o.name, host: this.o.host, port: this.o.port, connection: this.connections }, 'dialer connected');
        this.o.handlers.onConnect(socket);
      });
      socket.on('data', (chunk: Buffer) => {
        try {
          this.o.handlers.onData(chunk, socket);
        } catch (e) {
          this.o.log.error(
            { dialer: this.o.name, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) },
            'dialer connection dropped',
          );
          socket.destroy();
        }
      });
      socket.on('error', (e) => (error = (e as NodeJS.ErrnoException).code ?? e.message));
      socket.on('close', () => {
        this.socket = null;
        resolve(error === undefined ? { connected: established } : { connected: established, error });
      });
    });
  }
}
