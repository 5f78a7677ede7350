/**
 * The load generator: a separate process (forked by the harness) so that its CPU is not the server's.
 * Posts NDJSON batches to POST /api/v1/events over keep-alive connections, `concurrency` requests in
 * flight, paced to `rate` events/s (0: as fast as the server answers). Reports once a second over IPC
 * and, at the end, the request-latency HdrHistogram.
 */
import http from 'node:http';
import { EventMix, type FloorShape } from './lib/events.js';
import { encode, newHistogram } from './lib/histogram.js';

export interface LoadgenConfig {
  url: string;
  token: string;
  /** events per second; 0 = open throttle */
  rate: number;
  durationS: number;
  concurrency: number;
  batch: number;
  shape: FloorShape;
  prefix: string;
  seed: number;
}

/** The running totals: every tick and the final report carry all of them. */
export interface LoadgenTotals {
  sentEvents: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  errors: number;
  requests: number;
}

export type LoadgenMessage =
  | ({ type: 'tick'; at: number } & LoadgenTotals)
  | ({ type: 'done'; elapsedS: number; histogram: string; statuses: Record<string, number> } & LoadgenTotals);

const cfg = JSON.parse(process.argv[2] ?? '{}') as LoadgenConfig;
const agent = new http.Agent({ keepAlive: true, maxSockets: cfg.concurrency });
const target = new URL('/api/v1/events', cfg.url);
const mix = new EventMix(cfg.shape, cfg.prefix, cfg.seed);
const histogram = newHistogram();
const totals: LoadgenTotals = { sentEvents: 0, accepted: 0, duplicates: 0, rejected: 0, errors: 0, requests: 0 };
const statuses: Record<string, number> = {};

function postOnce(body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      target,
      {
        method: 'POST',
        agent,
        headers: {
          authorization: `Bearer ${cfg.token}`,
          'content-type': 'application/x-ndjson',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const start = performance.now();
const end = start + cfg.durationS * 1000;
/** Pacing: the n-th batch may leave at start + n × batch / rate. */
let scheduled = 0;

async function worker(): Promise<void> {
  while (performance.now() < end) {
    if (cfg.rate > 0) {
      const due = start + (scheduled++ * cfg.batch * 1000) / cfg.rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      if (performance.now() >= end) break;
    }
    const body = mix.lines(cfg.batch, Date.now()).join('\n');
    const t0 = performance.now();
    try {
      const res = await postOnce(body);
      histogram.recordValue(Math.max(1, Math.round((performance.now() - t0) * 1000)));
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      totals.requests++;
      totals.sentEvents += cfg.batch;
      if (res.status === 200) {
        const r = JSON.parse(res.text) as { accepted: number; duplicates: number; rejected: unknown[] };
        totals.accepted += r.accepted;
        totals.duplicates += r.duplicates;
        totals.rejected += r.rejected.length;
      } else totals.errors++;
    } catch {
      totals.errors++;
    }
  }
}

const ticker = setInterval(() => process.send?.({ type: 'tick', at: Date.now(), ...totals } satisfies LoadgenMessage), 1000);
await Promise.all(Array.from({ length: cfg.concurrency }, worker));
clearInterval(ticker);
agent.destroy();
const done: LoadgenMessage = {
  type: 'done',
  ...totals,
  elapsedS: (performance.now() - start) / 1000,
  histogram: encode(histogram),
  statuses,
};
process.send?.(done, () => process.exit(0));
