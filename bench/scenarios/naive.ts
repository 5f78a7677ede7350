import { chJob } from '../lib/ch-child.js';
import type { NaiveResult } from '../lib/naive.js';
import type { RunOptions, ScenarioResult } from '../lib/result.js';
import { benchDataDir } from '../lib/server-process.js';

export interface NaiveScenarioParams {
  rate: number;
  screens: number;
  teams: number;
  agents: number;
  durationS: number;
}

/**
 * The naive design: the same inserts, and every screen re-running the reference SQL once a second.
 * Seeded with 15 minutes at `rate` first, so each query reads a full window as it would on a live floor.
 */
export async function naiveScenario(p: NaiveScenarioParams, o: RunOptions): Promise<ScenarioResult> {
  const dataDir = benchDataDir('naive');
  const now = Date.now();
  const rows = p.rate * 15 * 60;
  await chJob({ dataDir, kind: 'seed', rows, fromMs: now - 15 * 60_000, toMs: now, agents: p.agents, teams: p.teams, prefix: 'n-' });
  o.log(`  naive: seeded ${rows.toLocaleString('en')} events (15 min at ${p.rate.toLocaleString('en')} ev/s)`);
  const r = await chJob<NaiveResult>({ dataDir, kind: 'naive', ...p });
  // A screen is stale by its wait for the next round (0–1 s, mean 0.5 s) plus the round itself.
  return {
    name: 'naive baseline (SQL per screen per second)',
    target: `${p.screens.toLocaleString('en')} screens refreshed every second by SQL while inserting ${p.rate.toLocaleString('en')} ev/s`,
    achieved: `${r.achievedPerS.toLocaleString('en')} refreshes/s of ${r.wantedPerS.toLocaleString('en')} wanted; query p50 ${r.query.p50} ms, p99 ${r.query.p99} ms; a round takes p50 ${r.round.p50} ms; CPU ${r.cpuPct}%`,
    pass: null,
    details: { ...p, seededRows: rows, ...r },
  };
}
