import { type ClickHouseMode, startFloor } from '../lib/floor.js';
import { decode, type Percentiles, percentilesMs } from '../lib/histogram.js';
import { runLoadgen } from '../lib/loadgen-process.js';
import type { RunOptions, ScenarioResult } from '../lib/result.js';
import { BENCH_TOKENS } from '../lib/server-process.js';

export interface AnalystParams {
  /** Sustained ingest, events/s: a load the server keeps up with, so latency is not queueing. */
  rate: number;
  durationS: number;
  teams: number;
  agents: number;
}

/** The worst of the hostile corpus (tests/fixtures/hostile-sql.json): the queries that held ingest on the old engine. */
const WORST = [
  'SELECT count() FROM numbers(1e12)',
  'SELECT number FROM numbers(20000000)',
  "SELECT number, repeat('x', 100000) FROM numbers(100000)",
  "SELECT groupArray(repeat('x', 1000)) FROM numbers(100000000)",
  'SELECT agent_id, count() FROM call_events GROUP BY agent_id ORDER BY count() DESC',
];

/** An analyst as bad as the box allows: `parallel` statements at a time, back to back, for as long as `until` holds. */
async function hostileAnalyst(
  url: string,
  parallel: number,
  until: () => boolean,
): Promise<{ statements: number; statuses: Record<string, number> }> {
  const statuses: Record<string, number> = {};
  let statements = 0;
  await Promise.all(
    Array.from({ length: parallel }, async (_, w) => {
      for (let i = w; until(); i++) {
        const res = await fetch(`${url}/api/v1/sql`, {
          method: 'POST',
          headers: { authorization: `Bearer ${BENCH_TOKENS.analyst}`, 'content-type': 'application/json' },
          body: JSON.stringify({ sql: WORST[i % WORST.length] }),
        }).catch(() => null);
        await res?.arrayBuffer();
        statuses[String(res?.status ?? 'error')] = (statuses[String(res?.status ?? 'error')] ?? 0) + 1;
        statements++;
      }
    }),
  );
  return { statements, statuses };
}

async function ingestFor(
  url: string,
  p: AnalystParams,
  prefix: string,
): Promise<{ latency: Percentiles; accepted: number; errors: number; perS: number }> {
  const lg = runLoadgen({
    url,
    token: BENCH_TOKENS.ingest,
    rate: p.rate,
    durationS: p.durationS,
    concurrency: 32,
    batch: 50,
    shape: { teams: p.teams, agents: p.agents, robotShare: 0.2 },
    prefix,
    seed: 11,
  });
  const done = await lg.done;
  return {
    latency: percentilesMs(decode(done.histogram)),
    accepted: done.accepted,
    errors: done.errors,
    perS: Math.round(done.accepted / done.elapsedS),
  };
}

/**
 * Ingest request latency at a sustained rate, first alone, then while an analyst runs the worst SQL the
 * box lets through (2 at a time: the analysts' concurrency limit), on the same server and the same cores.
 * Target: the analyst does not move ingest's p99 (within 20%, or 20 ms on a quiet p99).
 */
export async function analystScenario(p: AnalystParams, mode: ClickHouseMode, o: RunOptions): Promise<ScenarioResult> {
  // The box's per-minute limit is for people; this analyst is a script that must keep it busy.
  const floor = await startFloor({ name: 'analyst', mode, env: { SQL_STATEMENT_LIMIT: '100000' } });
  const url = floor.server.url;
  const alone = await ingestFor(url, p, `an${Date.now()}a`);
  o.log(`  alone: ${alone.perS} ev/s, p50 ${alone.latency.p50} ms, p99 ${alone.latency.p99} ms`);
  let busy = true;
  const analyst = hostileAnalyst(url, 2, () => busy);
  const hostile = await ingestFor(url, p, `an${Date.now()}h`);
  busy = false;
  const sql = await analyst;
  o.log(
    `  with the analyst: ${hostile.perS} ev/s, p50 ${hostile.latency.p50} ms, p99 ${hostile.latency.p99} ms; ${sql.statements} statements ${JSON.stringify(sql.statuses)}`,
  );
  await floor.dispose();
  const allowed = Math.max(alone.latency.p99 * 1.2, alone.latency.p99 + 20);
  return {
    name: `ingest p99 under a hostile analyst (${mode})`,
    target: 'ingest p99 unaffected by the analyst (within 20% or 20 ms)',
    achieved: `${p.rate.toLocaleString('en')} ev/s: p99 ${alone.latency.p99} ms alone, ${hostile.latency.p99} ms with ${sql.statements} hostile statements (p50 ${alone.latency.p50} → ${hostile.latency.p50} ms)`,
    pass: hostile.latency.p99 <= allowed && hostile.errors === 0 && hostile.perS >= p.rate * 0.95,
    details: { mode, rate: p.rate, durationS: p.durationS, alone, hostile, analyst: sql, queries: WORST },
  };
}
