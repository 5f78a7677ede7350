/**
 * A lean HTTP/1.1 client for load that must not be the bottleneck: a pool of keep-alive TCP sockets,
 * one request in flight on each (no pipelining, as a dialer's connection pool would send), requests
 * written as one pre-encoded buffer and answers read by Content-Length. Node's own http client costs
 * ~100 µs of CPU a request; on this 2-core machine the load generator's CPU is taken from the server it
 * measures, so the 2,000 checks/s bench uses this instead (the way wrk or autocannon write raw sockets).
 *
 * It speaks only what the bench's server answers: a status line, headers with Content-Length (no
 * chunked bodies), and keep-alive. Anything else is an error, counted, and the socket is replaced.
 */
import net from 'node:net';

export interface RawAnswer {
  status: number;
  body: Buffer;
}

interface Pending {
  request: Buffer;
  done: (err: Error | null, answer?: RawAnswer) => void;
}

const HEAD_END = Buffer.from('\r\n\r\n');

class Connection {
  private readonly socket: net.Socket;
  private buf: Buffer = Buffer.alloc(0);
  private current: Pending | null = null;
  closed = false;

  constructor(
    host: string,
    port: number,
    private readonly onIdle: (c: Connection) => void,
    private readonly onClose: (c: Connection, failed: Pending | null, err: Error) => void,
  ) {
    this.socket = net.connect({ host, port, noDelay: true });
    this.socket.on('data', (chunk: Buffer) => this.read(chunk));
    this.socket.on('error', (e) => this.close(e));
    this.socket.on('close', () => this.close(new Error('socket closed')));
  }

  get busy(): boolean {
    return this.current !== null;
  }

  send(p: Pending): void {
    this.current = p;
    this.socket.write(p.request);
  }

  private read(chunk: Buffer): void {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    const end = this.buf.indexOf(HEAD_END);
    if (end < 0) return;
    const head = this.buf.subarray(0, end).toString('latin1');
    const status = Number(head.slice(9, 12));
    const m = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    if (!m || !Number.isFinite(status)) return this.close(new Error(`unreadable answer head: ${head.slice(0, 80)}`));
    const length = Number(m[1]);
    const start = end + 4;
    if (this.buf.length < start + length) return;
    const body = this.buf.subarray(start, start + length);
    this.buf = this.buf.subarray(start + length);
    const p = this.current;
    this.current = null;
    p?.done(null, { status, body });
    if (/\r\nconnection:\s*close/i.test(head)) return this.close(new Error('server closed the connection'));
    this.onIdle(this);
  }

  close(err: Error): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.destroy();
    const failed = this.current;
    this.current = null;
    this.onClose(this, failed, err);
  }
}

/**
 * `size` keep-alive connections to `url`'s host; `post` queues a request until one is free. A
 * connection that fails fails its request (counted by the caller) and is replaced.
 */
export class RawHttpPool {
  private readonly idle: Connection[] = [];
  private readonly all = new Set<Connection>();
  private readonly queue: Pending[] = [];
  private readonly host: string;
  private readonly port: number;
  private stopped = false;

  constructor(
    private readonly url: URL,
    size: number,
  ) {
    this.host = url.hostname;
    this.port = Number(url.port || 80);
    for (let i = 0; i < size; i++) this.open();
  }

  private open(): void {
    const c = new Connection(
      this.host,
      this.port,
      (conn) => this.free(conn),
      (conn, failed, err) => {
        this.all.delete(conn);
        const at = this.idle.indexOf(conn);
        if (at >= 0) this.idle.splice(at, 1);
        failed?.done(err);
        if (!this.stopped) this.open();
      },
    );
    this.all.add(c);
    this.idle.push(c);
  }

  private free(c: Connection): void {
    const next = this.queue.shift();
    if (next) c.send(next);
    else this.idle.push(c);
  }

  /**
   * A POST of `body` (JSON) to `path`, encoded whole: the load generator encodes its requests before the
   * clock starts, so sending one allocates nothing it did not already hold.
   */
  encodePost(path: string, headers: Record<string, string>, body: string): Buffer {
    const bodyBuf = Buffer.from(body);
    const lines = [`POST ${path} HTTP/1.1`, `Host: ${this.url.host}`, 'Connection: keep-alive', `Content-Length: ${bodyBuf.length}`];
    for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
    return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), bodyBuf]);
  }

  /** Sends an encoded request on a free connection (or when one frees up); `done` gets the answer or the connection's failure. */
  send(request: Buffer, done: (err: Error | null, answer?: RawAnswer) => void): void {
    const p: Pending = { request, done };
    const c = this.idle.pop();
    if (c) c.send(p);
    else this.queue.push(p);
  }

  destroy(): void {
    this.stopped = true;
    for (const c of this.all) c.close(new Error('pool destroyed'));
  }
}
