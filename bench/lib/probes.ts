import { newHistogram, type Percentiles, percentilesMs } from './histogram.js';
import { ProcSampler } from './proc.js';

const MB = 1024 * 1024;
/** Where the server's memory is, from its /metrics: V8 heap, buffers outside it, and the live state's sizes. */
const MEMORY_METRICS: [key: string, metric: string, scale: number][] = [
  ['heapUsedMb', 'nodejs_heap_size_used_bytes', MB],
  ['heapTotalMb', 'nodejs_heap_size_total_bytes', MB],
  ['externalMb', 'nodejs_external_memory_bytes', MB],
  ['dedupeIds', 'floorpulse_dedupe_ids', 1],
  ['windowBuckets', 'floorpulse_window_buckets', 1],
];

/**
 * Event-loop delay of the server as it shows from outside: the response time of GET /healthz (no
 * token, no I/O) sampled every 100 ms while the load runs, and, when the server exposes prom-client's
 * default metrics on /metrics, its own `nodejs_eventloop_lag_p99_seconds`.
 */
export class LoopProbe {
  private readonly rtt = newHistogram();
  private readonly lagP99: number[] = [];
  private timers: NodeJS.Timeout[] = [];
  private metricsSeen: boolean | null = null;
  /** The last scrape's memory breakdown (MB, or counts for ids and buckets). */
  private memory: Record<string, number> = {};

  constructor(
    private readonly url: string,
    private readonly token: string,
  ) {
    this.timers.push(setInterval(() => void this.pingHealth(), 100));
    this.timers.push(setInterval(() => void this.scrape(), 2000));
  }

  private async pingHealth(): Promise<void> {
    const t0 = performance.now();
    try {
      await (await fetch(`${this.url}/healthz`)).arrayBuffer();
      this.rtt.recordValue(Math.max(1, Math.round((performance.now() - t0) * 1000)));
    } catch {
      // the server is going away at the end of a scenario
    }
  }

  private async scrape(): Promise<void> {
    if (this.metricsSeen === false) return;
    try {
      const res = await fetch(`${this.url}/metrics`, { headers: { authorization: `Bearer ${this.token}` } });
      const text = await res.text();
      // prom-client default metrics, with or without a prefix (the server uses `floorpulse_`).
      const m = /^(?:\w+_)?nodejs_eventloop_lag_p99_seconds(?:\{[^}]*\})? ([\d.e+-]+)$/m.exec(text);
      this.metricsSeen = res.status === 200 && m !== null;
      if (m) this.lagP99.push(Number(m[1]) * 1000);
      for (const [key, name, scale] of MEMORY_METRICS) {
        const v = new RegExp(`^(?:\\w+_)?${name}(?:\\{[^}]*\\})? ([\\d.e+-]+)$`, 'm').exec(text);
        if (v) this.memory[key] = Math.round(Number(v[1]) / scale);
      }
    } catch {
      // not there (yet)
    }
  }

  stop(): {
    healthzRtt: Percentiles;
    eventLoopLagP99Ms: { max: number; mean: number } | 'not exposed on /metrics';
    memoryAtLastScrape: Record<string, number>;
  } {
    for (const t of this.timers) clearInterval(t);
    const lag = this.lagP99;
    return {
      healthzRtt: percentilesMs(this.rtt),
      memoryAtLastScrape: this.memory,
      eventLoopLagP99Ms:
        lag.length === 0
          ? 'not exposed on /metrics'
          : { max: Math.round(Math.max(...lag) * 10) / 10, mean: Math.round((lag.reduce((a, b) => a + b, 0) / lag.length) * 10) / 10 },
    };
  }
}

/** Server process CPU/RSS plus the loop probe, started and stopped together. */
export function watchServer(pid: number, url: string, token: string): { sampler: ProcSampler; probe: LoopProbe } {
  return { sampler: new ProcSampler(pid, 1000), probe: new LoopProbe(url, token) };
}
