import { chJob } from '../lib/ch-child.js';
import { runLoadgen } from '../lib/loadgen-process.js';
import { watchServer } from '../lib/probes.js';
import type { RunOptions, ScenarioResult } from '../lib/result.js';
import { BENCH_TOKENS, benchDataDir, startServerProcess } from '../lib/server-process.js';

export interface MemoryParams {
  agents: number;
  teams: number;
  /** events/s during the soak, and of the seeded hour before it */
  rate: number;
  /** minutes of history seeded before the server starts (the live windows are rebuilt from it: warm) */
  seedMinutes: number;
  soakS: number;
}

/**
 * Memory: the server starts on `seedMinutes` of history for `agents` agents in `teams` teams (so the
 * sliding windows are already full, as after a restart mid-day), then takes `rate` events/s for
 * `soakS`. RSS sampled every second; flatness is judged after the first fifth of the soak.
 */
export async function memoryScenario(p: MemoryParams, o: RunOptions): Promise<ScenarioResult> {
  const dataDir = benchDataDir('memory');
  const now = Date.now();
  const rows = Math.round(p.rate * p.seedMinutes * 60);
  const seed = await chJob<{ seconds: number }>({
    dataDir,
    kind: 'seed',
    rows,
    fromMs: now - p.seedMinutes * 60_000,
    toMs: now,
    agents: p.agents,
    teams: p.teams,
    prefix: 'mem-',
  });
  o.log(`  seeded ${rows.toLocaleString('en')} events in ${seed.seconds.toFixed(1)} s`);
  const t0 = performance.now();
  const server = await startServerProcess({ dataDir, readyWithinS: 900 });
  const startS = (performance.now() - t0) / 1000;
  o.log(`  server ready (windows rebuilt) in ${startS.toFixed(1)} s`);
  const { sampler, probe } = watchServer(server.pid, server.url, BENCH_TOKENS.admin);
  const soakStart = performance.now();
  const lg = runLoadgen(
    {
      url: server.url,
      token: BENCH_TOKENS.ingest,
      rate: p.rate,
      durationS: p.soakS,
      concurrency: 16,
      batch: 100,
      shape: { teams: p.teams, agents: p.agents, robotShare: 0.2 },
      prefix: `mem${Date.now()}`,
      seed: 3,
    },
    (t) => {
      const s = sampler.samples[sampler.samples.length - 1];
      if (Math.round((t.at / 1000) % 30) === 0 && s)
        o.log(`  soak: RSS ${Math.round(s.rssMb)} MB, ${t.accepted.toLocaleString('en')} events`);
    },
  );
  const load = await lg.done;
  const loop = probe.stop();
  sampler.stop();
  const all = sampler.summary(soakStart);
  const settled = sampler.summary(soakStart + p.soakS * 200);
  await server.stop();
  const drift =
    settled.rssMeanMb > 0 ? Math.max(settled.rssMaxMb - settled.rssMeanMb, settled.rssMeanMb - settled.rssMinMb) / settled.rssMeanMb : 0;
  const series = sampler.samples.filter((_, i) => i % 10 === 0).map((s) => Math.round(s.rssMb));
  return {
    name: 'memory',
    target: 'RSS ≤ 512 MB with 50,000 agents in 2,000 teams, flat ±5% over a 30-min soak',
    achieved: `RSS max ${all.rssMaxMb} MB (at the end ${all.rssAnonLastMb} MB anonymous + ${all.rssFileLastMb} MB file-backed code), ±${(drift * 100).toFixed(1)}% after warm-up, over a ${Math.round((p.soakS / 60) * 10) / 10}-min soak at ${Math.round(load.accepted / load.elapsedS).toLocaleString('en')} ev/s, ${p.agents.toLocaleString('en')} agents / ${p.teams.toLocaleString('en')} teams`,
    pass: all.rssMaxMb <= 512 && drift <= 0.05 && p.soakS >= 1800 && p.agents >= 50_000,
    ...(p.soakS < 1800 ? { note: `soak of ${Math.round(p.soakS / 60)} min, not 30` } : {}),
    details: {
      ...p,
      seededRows: rows,
      serverStartS: startS,
      rss: all,
      rssAfterWarmup: settled,
      driftPct: Math.round(drift * 1000) / 10,
      rssSeriesEvery10sMb: series,
      accepted: load.accepted,
      loadErrors: load.errors,
      ...loop,
    },
  };
}
