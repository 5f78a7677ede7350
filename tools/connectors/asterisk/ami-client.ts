import type { Socket } from 'node:net';
import { DialerClient, type DialerClientOptions } from '../core/dialer-client.js';
import { LoginRefusedError } from '../core/errors.js';
import { AmiFramer, amiMessage } from './ami-framing.js';

export interface AmiClientOptions extends DialerClientOptions {
  user: string;
  secret: string;
}

/**
 * An AMI connection that logs in (Action: Login with Events: on) after the banner and hands every event
 * to `onEvent`; it reconnects and logs in again after any drop. A refused login is logged as an error
 * and retried with backoff (the credentials may be fixed on the PBX without restarting us).
 */
export class AmiClient extends DialerClient<AmiClientOptions> {
  private framer = new AmiFramer();
  private loggedIn = false;
  private logins = 0;

  constructor(o: AmiClientOptions) {
    super('asterisk', o);
  }

  protected reset(): void {
    this.framer = new AmiFramer();
    this.loggedIn = false;
  }

  protected data(chunk: Buffer, socket: Socket): void {
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
