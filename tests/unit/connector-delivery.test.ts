import { createServer, type IncomingMessage, type Server } from 'node:http';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { asyncScheduler } from 'rxjs';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectorStats } from '../../tools/connectors/core/connector-stats.js';
import type { OutEvent } from '../../tools/connectors/core/out-event.js';
import { Backoff } from '../../tools/connectors/delivery/backoff.js';
import { DeliveryQueue } from '../../tools/connectors/delivery/delivery-queue.js';
import { DiskSpool } from '../../tools/connectors/delivery/disk-spool.js';
import { IngestClient } from '../../tools/connectors/delivery/ingest-client.js';
import { Sender } from '../../tools/connectors/delivery/sender.js';
import { freePort } from '../helpers/processes.js';
import { tempDataDir } from '../helpers/server.js';

const log = pino({ level: 'silent' });
const ev = (i: number): OutEvent => ({ type: 'call.dialed', id: `t:${i}`, ts: 1_800_000_000_000 + i, teamId: 't', agentId: 'a', callId: `c${i}`, channel: 'human' });
const ids = (lines: string[]) => lines.map((l) => (JSON.parse(l) as { id: string }).id);

describe('backoff', () => {
  it('waits between half and all of min(max, base·2ⁿ), and starts again after a reset', () => {
    const lo = new Backoff({ baseMs: 100, maxMs: 1000, random: () => 0 });
    const hi = new Backoff({ baseMs: 100, maxMs: 1000, random: () => 1 });
    expect([1, 2, 3, 4, 5].map(() => lo.next())).toEqual([50, 100, 200, 400, 500]);
    expect([1, 2, 3, 4, 5].map(() => hi.next())).toEqual([100, 200, 400, 800, 1000]);
    lo.reset();
    expect(lo.next()).toBe(50);
  });
});

describe('the delivery buffer', () => {
  it('fills memory, then the spool, keeps order, and drops (counted) only beyond both', () => {
    const stats = new ConnectorStats();
    const spool = new DiskSpool(tempDataDir('spool-order'), 5, 2);
    const q = new DeliveryQueue({ memoryEvents: 3, spool, stats, log });
    q.push([0, 1, 2, 3, 4, 5, 6, 7].map(ev));
    expect(q.size).toBe(8);
    expect(stats).toMatchObject({ spooled: 5, dropped: 0 });
    q.push([ev(8), ev(9)]);
    expect(stats.dropped).toBe(2);
    const sent: string[] = [];
    while (q.size > 0) {
      const batch = q.peek(2);
      sent.push(...ids(batch));
      q.ack(batch.length);
    }
    expect(sent).toEqual(['t:0', 't:1', 't:2', 't:3', 't:4', 't:5', 't:6', 't:7']);
  });

  it('a spool left by a stopped or killed connector is sent first at the next start; a segment file goes once acknowledged', () => {
    const dir = tempDataDir('spool-restart');
    const stats = new ConnectorStats();
    const first = new DeliveryQueue({ memoryEvents: 2, spool: new DiskSpool(dir, 100, 2), stats, log });
    first.push([0, 1, 2, 3, 4].map(ev)); // 0, 1 in memory; 2, 3, 4 on disk
    expect(first.close()).toBe(0); // 0, 1 written to the spool at stop
    const second = new DeliveryQueue({ memoryEvents: 10, spool: new DiskSpool(dir, 100, 2), stats, log });
    expect(second.size).toBe(5);
    expect(ids(second.peek(10)).sort()).toEqual(['t:0', 't:1', 't:2', 't:3', 't:4']);
    second.ack(5);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('without a spool, what is in memory at stop is reported lost', () => {
    const q = new DeliveryQueue({ memoryEvents: 10, stats: new ConnectorStats(), log });
    q.push([ev(1), ev(2)]);
    expect(q.close()).toBe(2);
  });
});

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
        const batch = body.split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { id: string }).id);
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
    return new Sender({ queue: q, client, scheduler: asyncScheduler, stats, log, batchMax, backoff: new Backoff({ baseMs: 2, maxMs: 10 }) });
  }

  it('retries through 503s and a refused connection until FloorPulse stores the batch; nothing lost, with the token', async () => {
    const port = await freePort();
    const stats = new ConnectorStats();
    const q = new DeliveryQueue({ memoryEvents: 100, stats, log });
    const s = sender(port, stats, q);
    q.push([0, 1, 2, 3, 4, 5, 6].map(ev));
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
    q.push([0, 1, 2, 3].map(ev));
    await s.drained();
    expect(sizes).toEqual([4, 2, 2]);
    expect(stats).toMatchObject({ accepted: 2, rejected: 2 });
  });
});
