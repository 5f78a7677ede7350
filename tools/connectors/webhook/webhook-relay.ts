import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { callEvent, describeIssue } from '@floorpulse/shared';
import type { SchedulerLike } from 'rxjs';
import type { Resolver } from '../../../server/src/dialers/resolver.js';
import { readHookPost, vendorField } from '../../../server/src/hooks/hook-post.js';
import type { HookSpec } from '../../../server/src/hooks/hook-spec.js';
import type { ConnectorStats } from '../core/connector-stats.js';
import type { Logger } from '../core/logger.js';
import type { OutEvent } from '../core/out-event.js';

/** The vendors' posts are small status callbacks; FloorPulse's own route allows the same. */
const BODY_LIMIT = 1024 * 1024;
const PATH = /^\/api\/v1\/hooks\/([A-Za-z0-9_.-]{1,40})$/;

export interface WebhookRelayOptions {
  host: string;
  port: number;
  /** The hooks this relay takes: each with its secret (a hook without one is not served). */
  specs: ReadonlyMap<string, HookSpec>;
  secrets: ReadonlyMap<string, string>;
  /** The origin the vendor posts to (and signs), when the relay sits behind a proxy. */
  publicUrl?: string;
  resolver: Resolver;
  /** Without it a dial's phone is left out, as the AMI and ESL connectors do (the spool is on disk). */
  sendPhones: boolean;
  /** Refuses (5xx, so the vendor retries) instead of taking what the buffer cannot hold. */
  hasRoom(n: number): boolean;
  emit(events: OutEvent[]): void;
  /** Wrong proofs a minute from one address before it is refused for the minute (429). */
  failureLimit: number;
  scheduler: SchedulerLike;
  stats: ConnectorStats;
  log: Logger;
}

/**
 * `npm run connect -- webhook`: a listener for cloud dialers' status callbacks, for floors where FloorPulse
 * is not reachable from the internet, or must not lose a callback while it restarts. It reads a post exactly
 * as FloorPulse's own POST /api/v1/hooks/:name does (server/src/hooks/hook-post.ts: the same proofs and
 * mapping files), checks each event against the contract, and answers the vendor 200 only once the events
 * are in the connector's buffer (memory, then the disk spool), from which the sender delivers them. Twilio
 * does not retry a failed status callback, so FloorPulse being down would otherwise lose it.
 */
export class WebhookRelay {
  private readonly server: http.Server;
  private readonly failures = new Map<string, { count: number; until: number }>();

  constructor(private readonly o: WebhookRelayOptions) {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    // Vendors post a few hundred bytes: a client that trickles its headers or body is cut off, not waited for.
    this.server.headersTimeout = 10_000;
    this.server.requestTimeout = 30_000;
  }

  async start(): Promise<AddressInfo> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.o.port, this.o.host, () => resolve());
    });
    const address = this.server.address() as AddressInfo;
    this.o.log.info({ host: address.address, port: address.port, hooks: [...this.o.specs.keys()] }, 'webhook relay listening');
    return address;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const answer = (status: number, body: object, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    const url = new URL(req.url ?? '/', 'http://relay');
    if (req.method === 'GET' && url.pathname === '/healthz') return answer(200, { ok: true });
    const match = PATH.exec(url.pathname);
    if (req.method !== 'POST' || !match) return answer(404, { error: 'path: POST /api/v1/hooks/<name>' });
    const name = match[1] ?? '';
    const spec = this.o.specs.get(name);
    const secret = this.o.secrets.get(name);
    if (!spec || !secret) return answer(404, { error: `hook: no hook named ${JSON.stringify(name)} here` });
    const address = req.socket.remoteAddress ?? 'unknown';
    const now = this.o.scheduler.now();
    const blocked = this.failures.get(address);
    if (blocked && blocked.until > now && blocked.count >= this.o.failureLimit)
      return answer(
        429,
        { error: 'too many failed proofs from this address: retry later' },
        { 'retry-after': String(Math.ceil((blocked.until - now) / 1000)) },
      );
    const raw = await readBody(req);
    if (!raw) {
      res.once('finish', () => req.destroy());
      return answer(413, { error: `body: larger than ${BODY_LIMIT} bytes` }, { connection: 'close' });
    }
    const origin = this.o.publicUrl?.replace(/\/+$/, '') ?? `http://${req.headers.host ?? 'localhost'}`;
    const reading = readHookPost(
      spec,
      secret,
      {
        raw,
        query: url.searchParams,
        header: (h) => {
          const v = req.headers[h.toLowerCase()];
          return Array.isArray(v) ? v[0] : v;
        },
        signingUrl: `${origin}${req.url ?? ''}`,
        now,
      },
      this.o.resolver,
    );
    if (reading.kind === 'refused') {
      if (reading.result === 'forbidden') this.countFailure(address, now);
      return answer(reading.status, { error: reading.error });
    }
    this.o.stats.received++;
    if (reading.kind === 'ignored') return answer(200, { queued: 0, ignored: reading.status });
    if (reading.kind === 'unmapped') return answer(200, { queued: 0, unmapped: true });
    const events: OutEvent[] = [];
    for (const e of reading.events) {
      const event = this.o.sendPhones || e.type !== 'call.dialed' ? e : withoutPhone(e);
      // Checked against the contract here: once the vendor hears 200 it will not send the post again, so an
      // event FloorPulse would refuse must be refused now, to the vendor, naming its field.
      const parsed = callEvent.safeParse(event);
      if (!parsed.success) return answer(400, { error: vendorField(spec, describeIssue(parsed.error)) });
      events.push(parsed.data);
    }
    if (!this.o.hasRoom(events.length)) {
      this.o.log.warn({ hook: name, events: events.length }, 'buffer full: a callback refused with 503 for the vendor to retry');
      return answer(503, { error: 'the relay buffer is full: retry later' }, { 'retry-after': '30' });
    }
    for (const e of events) this.o.stats.countMapped(e.type);
    this.o.emit(events);
    answer(200, { queued: events.length });
  }

  /** A wrong proof: a guess at the secret. `failureLimit` of them in a minute shut the address out for the minute. */
  private countFailure(address: string, now: number): void {
    const held = this.failures.get(address);
    if (!held || held.until <= now) {
      // Bounded: a spray of addresses cannot grow the map past what a minute's worth of guessing holds.
      if (this.failures.size >= 10_000) this.failures.clear();
      this.failures.set(address, { count: 1, until: now + 60_000 });
    } else held.count++;
  }
}

function withoutPhone<T extends OutEvent>(e: T): T {
  const { phone: _phone, ...rest } = e as T & { phone?: string };
  return rest as T;
}

/** The body, or null past the limit (the rest is not read: the connection is closed after the answer). */
function readBody(req: http.IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      size += c.length;
      if (size <= BODY_LIMIT) return void chunks.push(c);
      req.off('data', onData);
      req.pause();
      resolve(null);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', () => resolve(null));
  });
}
