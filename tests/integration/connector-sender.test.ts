import { createServer, type IncomingMessage, type Server } from 'node:http';
import { pino } from 'pino';
import { asyncScheduler } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../server/src/ops/free-port.js';
import { ConnectorStats } from '../../tools/connectors/core/connector-stats.js';
import { Backoff } from '../../tools/connectors/delivery/backoff.js';
import { DeliveryQueue } from '../../tools/connectors/delivery/delivery-queue.js';
import { IngestClient } from '../../tools/connectors/delivery/ingest-client.js';
import { Sender } from '../../tools/connectors/delivery/sender.js';
import { numberedDial } from '../helpers/delivery-events.js';

const log = pino({ level: 'silent' });

/** The sender against a small HTTP server that answers as FloorPulse would (503, 413, per-item rejections). */
describe('the sender', () => {
  let server: Server | null = null;
  afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

  async function ingest(port: number, answer: (n: number, ids: string[], req: IncomingMessage) => [number, object]): Promise<string[]> {
    const seen: string[] = [];
    let n = 0;
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        const batch = body
          .split('\n')
          .filter(Boolean)
          .map((l) => (JSON.parse(l) as { id: string }).id);
        const [status, json] = answer(n++, batch, req);
        if (status === 200) seen.push(...batch);
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
      });
    });
    await new Promise<void>((r) => server!.listen(port, '127.0.0.1', () => r()));
    return seen;
  }

  function sender(port: number, stats: ConnectorStats, q: DeliveryQueue, batchMax = 3) {
    const client = new IngestClient({ url: `http://127.0.0.1:${port}`, token: 'tok', scheduler: asyncScheduler });
    return new Sender({
      queue: q,
      client,
      scheduler: asyncScheduler,
      stats,
      log,
      batchMax,
      backoff: new Backoff({ baseMs: 2, maxMs: 10 }),
    });
  }

  it('retries through 503s and a refused connection until FloorPulse stores the batch; nothing lost, with the token', async () => {
    const port = await freePort();
    const stats = new ConnectorStats();
    const q = new DeliveryQueue({ memoryEvents: 100, stats, log });
    const s = sender(port, stats, q);
    q.push([0, 1, 2, 3, 4, 5, 6].map(numberedDial));
    s.kick();
    // Nobody listens yet: refused connections.
    await new Promise((r) => setTimeout(r, 50));
    expect(stats.retries).toBeGreaterThan(0);
    const auth: string[] = [];
    const seen = await ingest(port, (n, batch, req) => {
      auth.push(String(req.headers.authorization));
      return n < 3 ? [503, { error: 'storage unavailable' }] : [200, { accepted: batch.length, duplicates: 0, rejected: [] }];
    });
    await s.drained();
    expect(seen).toEqual(['t:0', 't:1', 't:2', 't:3', 't:4', 't:5', 't:6']);
    expect(new Set(auth)).toEqual(new Set(['Bearer tok']));
    expect(stats).toMatchObject({ accepted: 7, rejected: 0, dropped: 0 });
    expect(q.size).toBe(0);
  });

  it('counts and logs refused items without retrying them, and halves a batch FloorPulse finds too large', async () => {
    const port = await freePort();
    const stats = new ConnectorStats();
    const sizes: number[] = [];
    await ingest(port, (_n, batch) => {
      sizes.push(batch.length);
      if (batch.length > 2) return [413, { error: 'too large' }];
      return [200, { accepted: batch.length - 1, duplicates: 0, rejected: [{ index: 0, error: 'ts: is older than the retention' }] }];
    });
    const q = new DeliveryQueue({ memoryEvents: 100, stats, log });
    const s = sender(port, stats, q, 4);
    q.push([0, 1, 2, 3].map(numberedDial));
    await s.drained();
    expect(sizes).toEqual([4, 2, 2]);
    expect(stats).toMatchObject({ accepted: 2, rejected: 2 });
  });
});
