import type { Socket } from 'node:net';
import { DialerClient, type DialerClientOptions } from '../core/dialer-client.js';
import { LoginRefusedError } from '../core/errors.js';
import { EslFramer, parseEventPlain } from './esl-framing.js';

/** The events the FreeSWITCH mapper reads (docs/connectors.md): nothing else is subscribed. */
export const ESL_SUBSCRIPTION = 'event plain CHANNEL_CREATE CHANNEL_ANSWER CHANNEL_HANGUP_COMPLETE CUSTOM callcenter::info';

export interface EslClientOptions extends DialerClientOptions {
  password: string;
}

/**
 * An inbound Event Socket connection: answers auth/request with the password, subscribes to the events
 * in plain format, and hands each to `onEvent`; reconnects after a drop or a disconnect-notice.
 */
export class EslClient extends DialerClient<EslClientOptions> {
  private framer = new EslFramer();
  private step: 'auth' | 'subscribe' | 'ready' = 'auth';

  constructor(o: EslClientOptions) {
    super('freeswitch', o);
  }

  protected reset(): void {
    this.framer = new EslFramer();
    this.step = 'auth';
  }

  protected data(chunk: Buffer, socket: Socket): void {
    for (const m of this.framer.push(chunk)) {
      const type = m.headers.get('Content-Type');
      const reply = m.headers.get('Reply-Text') ?? '';
      if (type === 'auth/request') socket.write(`auth ${this.o.password}\n\n`);
      else if (type === 'command/reply' && this.step === 'auth') {
        if (!reply.startsWith('+OK')) throw new LoginRefusedError(`ESL auth refused: ${reply}`);
        this.step = 'subscribe';
        socket.write(`${ESL_SUBSCRIPTION}\n\n`);
      } else if (type === 'command/reply' && this.step === 'subscribe') {
        if (!reply.startsWith('+OK')) throw new LoginRefusedError(`ESL event subscription refused: ${reply}`);
        this.step = 'ready';
        this.o.log.info({ reply }, 'ESL events subscribed');
      } else if (type === 'text/event-plain' && m.body) this.o.onEvent(parseEventPlain(m.body));
      else if (type === 'text/disconnect-notice' || type === 'text/rude-rejection') {
        this.o.log.warn({ type, reason: m.body?.toString('utf8').slice(0, 200) }, 'FreeSWITCH closed the event socket');
        socket.destroy();
      }
    }
  }
}
