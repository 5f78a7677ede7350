import { createServer, type Server, type Socket } from 'node:net';
import { AmiFramer } from '../../tools/connectors/asterisk/ami-framing.js';

export interface FakeDialer {
  port: number;
  /** Connections that logged in (AMI) or authenticated and subscribed (ESL). */
  sessions: number;
  /** Resolves once every message has been written (after the drop and the replay). */
  done: Promise<void>;
  close(): Promise<void>;
}

interface ReplayOptions {
  /** Each message already in wire form. */
  messages: readonly (string | Buffer)[];
  /** On the first session, drop the connection (no goodbye) after this many messages. */
  dropAfter?: number;
  /** After the drop, resume this many messages earlier: they are sent twice, as a source that replays would. */
  replayOverlap?: number;
  /** Messages a second (default: as fast as the socket takes them). */
  ratePerSecond?: number;
}

/**
 * Replays a recorded stream to whoever connects, with a drop in the middle: the dialer side of the
 * connector tests. Test code: real timers are fine here.
 */
function replayServer(opts: ReplayOptions, greet: (socket: Socket, start: () => void) => void): Promise<FakeDialer> {
  let position = 0;
  let dropped = false;
  let finish!: () => void;
  const done = new Promise<void>((r) => (finish = r));
  const sockets = new Set<Socket>();
  const state = { sessions: 0 };
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    greet(socket, () => {
      state.sessions++;
      stream(socket);
    });
  });
  function stream(socket: Socket): void {
    const perTick = opts.ratePerSecond ? Math.max(1, Math.round(opts.ratePerSecond / 100)) : 50;
    const tick = () => {
      if (socket.destroyed) return;
      for (let i = 0; i < perTick && position < opts.messages.length; i++) {
        if (!dropped && opts.dropAfter !== undefined && position >= opts.dropAfter) {
          dropped = true;
          position = Math.max(0, position - (opts.replayOverlap ?? 0));
          socket.destroy();
          return;
        }
        socket.write(opts.messages[position++]!);
      }
      if (position >= opts.messages.length) return finish();
      if (opts.ratePerSecond) setTimeout(tick, 10);
      else setImmediate(tick);
    };
    tick();
  }
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      resolve({
        port,
        get sessions() {
          return state.sessions;
        },
        done,
        close: () =>
          new Promise<void>((r) => {
            for (const s of sockets) s.destroy();
            server.close(() => r());
          }),
      });
    });
  });
}

/** A fake Asterisk: the banner, a Login that must carry `user`/`secret`, then the stream. */
export function fakeAmiServer(opts: ReplayOptions & { user: string; secret: string }): Promise<FakeDialer> {
  return replayServer(opts, (socket, start) => {
    socket.write('Asterisk Call Manager/5.0.1\r\n');
    const framer = new AmiFramer({ expectBanner: false });
    socket.on('data', (chunk) => {
      for (const f of framer.push(chunk.toString('utf8'))) {
        if (f.kind !== 'message' || f.block.get('Action') !== 'Login') continue;
        const id = f.block.get('ActionID') ?? '';
        if (f.block.get('Username') === opts.user && f.block.get('Secret') === opts.secret && f.block.get('Events') === 'on') {
          socket.write(`Response: Success\r\nActionID: ${id}\r\nMessage: Authentication accepted\r\n\r\n`);
          start();
        } else socket.write(`Response: Error\r\nActionID: ${id}\r\nMessage: Authentication failed\r\n\r\n`);
      }
    });
  });
}

/** A fake FreeSWITCH event socket: auth/request, the password, the event subscription, then the stream. */
export function fakeEslServer(opts: ReplayOptions & { password: string; subscription: string }): Promise<FakeDialer> {
  return replayServer(opts, (socket, start) => {
    socket.write('Content-Type: auth/request\n\n');
    let buf = '';
    socket.on('data', (chunk) => {
      buf += chunk.toString('utf8');
      let end: number;
      for (end = buf.indexOf('\n\n'); end >= 0; end = buf.indexOf('\n\n')) {
        const command = buf.slice(0, end);
        buf = buf.slice(end + 2);
        if (command.startsWith('auth ')) {
          socket.write(
            `Content-Type: command/reply\nReply-Text: ${command === `auth ${opts.password}` ? '+OK accepted' : '-ERR invalid'}\n\n`,
          );
        } else if (command.startsWith('event ')) {
          socket.write(
            `Content-Type: command/reply\nReply-Text: ${command === opts.subscription ? '+OK event listener enabled plain' : '-ERR unexpected subscription'}\n\n`,
          );
          if (command === opts.subscription) start();
        }
      }
    });
  });
}

/** An event-plain body (URL-encoded headers) as FreeSWITCH frames it on the socket. */
export function eslWire(body: string): Buffer {
  const b = Buffer.from(body, 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${b.length}\nContent-Type: text/event-plain\n\n`), b]);
}
