import { chJob } from '../lib/ch-child.js';
import type { Percentiles } from '../lib/histogram.js';
import type { RunOptions, ScenarioResult } from '../lib/result.js';
import { benchDataDir } from '../lib/server-process.js';

export interface HistoryParams {
  rows: number;
  teams: number;
  agents: number;
  runs: number;
}

/** History: `rows` events over 7 days generated inside ClickHouse, then one team's 15-min series over 7 days, `runs` times. */
export async function historyScenario(p: HistoryParams, o: RunOptions): Promise<ScenarioResult> {
  const dataDir = benchDataDir('history');
  const now = Date.now();
  const seed = await chJob<{ seconds: number }>({
    dataDir,
    kind: 'seed',
    rows: p.rows,
    fromMs: now - 7 * 86_400_000,
    toMs: now,
    agents: p.agents,
    teams: p.teams,
    prefix: 'h-',
  });
  o.log(`  seeded ${p.rows.toLocaleString('en')} events in ${seed.seconds.toFixed(1)} s`);
  const q = await chJob<Percentiles & { points: number }>({ dataDir, kind: 'history', toMs: now, teams: p.teams, runs: p.runs });
  return {
    name: 'history query',
    target: 'a team’s 15-min series over 7 days, p95 ≤ 300 ms over 100 million events',
    achieved: `p95 ${q.p95} ms (p50 ${q.p50}, max ${q.max}) over ${p.rows.toLocaleString('en')} events, ${q.points} points per series`,
    pass: q.p95 <= 300 && p.rows >= 100_000_000,
    ...(p.rows < 100_000_000 ? { note: `${p.rows.toLocaleString('en')} events, not 100 million` } : {}),
    details: { ...p, seedSeconds: seed.seconds, queryMs: q, eventsPerTeam: Math.round(p.rows / p.teams) },
  };
}
