import { type ClickHouseMode, startFloor } from '../lib/floor.js';
import { decode, percentilesMs } from '../lib/histogram.js';
import { type LoadgenTick, runLoadgen } from '../lib/loadgen-process.js';
import { watchServer } from '../lib/probes.js';
import { ProcSampler } from '../lib/proc.js';
import type { RunOptions, ScenarioResult } from '../lib/result.js';
import { BENCH_TOKENS } from '../lib/server-process.js';

export interface IngestParams {
  durationS: number;
  concurrency: number;
  batch: number;
  teams: number;
  agents: number;
  cpuProfDir?: string;
}

/**
 * Ingest throughput: as fast as the server acknowledges, batches of ~100 NDJSON events, for `durationS`.
 * Then the server is stopped and the data directory counted: every acknowledged event stored, once.
 */
export async function ingestScenario(p: IngestParams, mode: ClickHouseMode, o: RunOptions): Promise<ScenarioResult> {
  const floor = await startFloor({ name: 'ingest', mode, ...(p.cpuProfDir ? { cpuProfDir: p.cpuProfDir } : {}) });
  const server = floor.server;
  const { sampler, probe } = watchServer(server.pid, server.url, BENCH_TOKENS.admin);
  const chPid = floor.clickhousePid();
  const chSampler = chPid ? new ProcSampler(chPid, 1000) : null;
  const prefix = `ing${Date.now()}`;
  const ticks: LoadgenTick[] = [];
  const lg = runLoadgen(
    {
      url: server.url,
      token: BENCH_TOKENS.ingest,
      rate: 0,
      durationS: p.durationS,
      concurrency: p.concurrency,
      batch: p.batch,
      shape: { teams: p.teams, agents: p.agents, robotShare: 0.2 },
      prefix,
      seed: 1,
    },
    (t) => {
      ticks.push(t);
      const prev = ticks[ticks.length - 2];
      if (ticks.length % 10 === 0 && prev) o.log(`  ingest ${ticks.length}s: ${t.accepted - prev.accepted} ev/s, total ${t.accepted}`);
    },
  );
  const done = await lg.done;
  const loop = probe.stop();
  sampler.stop();
  const warm = sampler.samples[0] ? sampler.samples[0].at + 5000 : 0;
  const proc = sampler.summary(warm);
  chSampler?.stop();
  const clickhouse = chSampler?.summary(warm) ?? null;
  await floor.stop();
  const stored = await floor.count(prefix);
  await floor.dispose();

  // Sustained: the worst 10-second rate after the first 5 s, not only the mean.
  const rates: number[] = [];
  for (let i = 15; i < ticks.length; i += 10) rates.push((ticks[i]!.accepted - ticks[i - 10]!.accepted) / 10);
  const mean = done.accepted / done.elapsedS;
  const worst10s = rates.length ? Math.min(...rates) : mean;
  const lost = done.accepted - stored.rows;
  const doubled = stored.rows - stored.distinctIds;
  const pass = worst10s >= 100_000 && lost === 0 && doubled === 0 && done.errors === 0 && p.durationS >= 300;
  return {
    name: `ingest throughput (${mode})`,
    target: '≥ 100,000 events/s sustained 5 min, nothing lost',
    achieved: `${Math.round(mean).toLocaleString('en')} ev/s mean, ${Math.round(worst10s).toLocaleString('en')} worst 10 s, over ${Math.round(done.elapsedS)} s; lost ${lost}, doubled ${doubled}`,
    pass,
    details: {
      durationS: done.elapsedS,
      accepted: done.accepted,
      duplicates: done.duplicates,
      rejected: done.rejected,
      errors: done.errors,
      statuses: done.statuses,
      meanEventsPerS: Math.round(mean),
      worst10sEventsPerS: Math.round(worst10s),
      stored,
      lost,
      doubled,
      requestLatencyMs: percentilesMs(decode(done.histogram)),
      server: proc,
      clickhouse,
      ...loop,
      batch: p.batch,
      concurrency: p.concurrency,
      mode,
    },
  };
}
