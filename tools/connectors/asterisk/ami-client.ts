import type { Socket } from 'node:net';
import type { SchedulerLike } from 'rxjs';
import type { ConnectorStats } from '../core/connector-stats.js';
import { LoginRefusedError } from '../core/errors.js';
import type { HeaderBlock } from '../core/header-block.js';
import type { Logger } from '../core/logger.js';
import { TcpSession } from '../core/tcp-session.js';
import type { Backoff } from '../delivery/backoff.js';
import { AmiFramer, amiMessage } from './ami-framing.js';

/**
 * An AMI connection that logs in (Action: Login with Events: on) after the banner and hands every event
 * to `onEvent`; it reconnects and logs in again after any drop. A refused login is logged as an error
 * and retried with backoff (the credentials may be fixed on the PBX without restarting us).
 */
export class AmiClient {
  private readonly session: TcpSession;
  private framer = new AmiFramer();
  private loggedIn = false;
  private logins = 0;

  constructor(
    private readonly o: {
      host: string;
      port: number;
      user: string;
      secret: string;
      scheduler: SchedulerLike;
      log: Logger;
      stats: ConnectorStats;
      onEvent: (b: HeaderBlock) => void;
      backoff?: Backoff;
    },
  ) {
    this.session = new TcpSession({
      name: 'asterisk',
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

  private reset(): void {
    this.framer = new AmiFramer();
    this.loggedIn = false;
  }

  private data(chunk: Buffer, socket: Socket): void {
    for (const frame of this.framer.push(chunk.toString('utf8'))) {
      if (frame.kind === 'banner') {
        socket.write(
          amiMessage([
            ['Action', 'Login'],
            ['ActionID', `fp-login-${++this.logins}`],
            ['Username', this.o.user],
            ['Secret', this.o.secret],
            ['Events', 'on'],
          ]),
        );
        continue;
      }
      const b = frame.block;
      if (!this.loggedIn) {
        if (b.get('ActionID') !== `fp-login-${this.logins}`) continue;
        if (b.get('Response') !== 'Success')
          throw new LoginRefusedError(`AMI login as ${this.o.user} refused: ${b.get('Message') ?? b.get('Response')}`);
        this.loggedIn = true;
        this.o.log.info({ user: this.o.user }, 'AMI login accepted');
        continue;
      }
      if (b.get('Event')) this.o.onEvent(b);
    }
  }
}
