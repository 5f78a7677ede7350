import { fork } from 'node:child_process';
import path from 'node:path';
import { type DialChecksConfig, type DialChecksMessage, poolPhone } from '../dial-checks.js';
import { startFloor } from '../lib/floor.js';
import { decode, newHistogram, percentilesMs } from '../lib/histogram.js';
import { watchServer } from '../lib/probes.js';
import type { RunOptions, ScenarioResult } from '../lib/result.js';
import { BENCH_TOKENS, ROOT } from '../lib/server-process.js';

export interface DialCheckParams {
  rate: number;
  durationS: number;
  /** Phones in the pool the checks ask about, and dials of them stored before (their 24 h history). */
  phones: number;
  seedDials: number;
  teams: number;
}

/** The server's floorpulse_dial_check_seconds buckets: upper bound (s) → cumulative count. */
async function serverBuckets(url: string): Promise<Map<number, number>> {
  const text = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${BENCH_TOKENS.admin}` } })).text();
  const out = new Map<number, number>();
  for (const line of text.split('\n')) {
    const m = /^floorpulse_dial_check_seconds_bucket\{le="([^"]+)"\} (\d+)/.exec(line);
    if (m) out.set(m[1] === '+Inf' ? Number.POSITIVE_INFINITY : Number(m[1]), Number(m[2]));
  }
  return out;
}

/** Between two scrapes: how many checks, the share within 5 ms, and p50/p99 as the bucket bound they fall under. */
function serverTime(before: Map<number, number>, after: Map<number, number>) {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const cum = bounds.map((b) => (after.get(b) ?? 0) - (before.get(b) ?? 0));
  const total = cum.at(-1) ?? 0;
  const under = (q: number) => bounds[cum.findIndex((c) => c >= q * total)] ?? Number.NaN;
  const within5 = cum[bounds.indexOf(0.005)] ?? 0;
  return { count: total, within5msShare: total ? within5 / total : null, p50UnderMs: under(0.5) * 1000, p99UnderMs: under(0.99) * 1000 };
}

function runChecks(cfg: DialChecksConfig): Promise<DialChecksMessage> {
  const child = fork(path.join(ROOT, 'bench/dial-checks.ts'), [JSON.stringify(cfg)], {
    cwd: ROOT,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    let result: DialChecksMessage | null = null;
    child.on('message', (m: DialChecksMessage) => (result = m));
    child.once('exit', (code) => (result ? resolve(result) : reject(new Error(`dial checks exited with ${code} without a report`))));
  });
}

/**
 * The pre-dial check (POST /api/v1/compliance/check) at a steady rate: its phone history seeded first with
 * `seedDials` dials of the pool's phones over the last 20 h (through the ingest API, so the check reads a
 * real history: with 100,000 dials over 40,000 phones half the pool is at a cap of 3), then `rate` checks a second for `durationS`. Target: p99 ≤ 5 ms
 * at 2,000 checks/s (issue 16), measured from when each check was due.
 */
export async function dialCheckScenario(p: DialCheckParams, o: RunOptions): Promise<ScenarioResult> {
  // Hours are all day here so the checks exercise the phone history (the cap), whatever the machine's clock says.
  const floor = await startFloor({ name: 'dial-check', mode: 'embedded', env: { CALL_HOURS: '00:00-23:59' } });
  const server = floor.server;
  try {
    // The checks ask about a minute ago; the seeded dials lie in the 20 h before it (inside everyone's 24 h).
    const at = Date.now() - 60_000;
    const batch: object[] = [];
    for (let i = 0; i < p.seedDials; i++) {
      batch.push({
        id: `seed-${i}`,
        type: 'call.dialed',
        ts: at - Math.floor(((i * 104729) % (20 * 3600)) * 1000),
        teamId: `t${i % p.teams}`,
        agentId: `a${i % 997}`,
        callId: `seed-call-${i}`,
        channel: 'human',
        phone: poolPhone(i % p.phones),
      });
    }
    for (let i = 0; i < batch.length; i += 5000) {
      const res = await fetch(`${server.url}/api/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${BENCH_TOKENS.ingest}`, 'content-type': 'application/json' },
        body: JSON.stringify(batch.slice(i, i + 5000)),
      });
      if (!res.ok) throw new Error(`seeding dials: ${res.status} ${await res.text()}`);
    }
    o.log(`  seeded ${p.seedDials} dials of ${p.phones} phones`);
    // One check at a time first: it warms the route up, and its latency is the service time alone (no
    // queueing), which tells a slow check from a saturated machine when the loaded run misses.
    const serial = newHistogram();
    for (let i = 0; i < 1000; i++) {
      const t0 = performance.now();
      const res = await fetch(`${server.url}/api/v1/compliance/check`, {
        method: 'POST',
        headers: { authorization: `Bearer ${BENCH_TOKENS.ingest}`, 'content-type': 'application/json' },
        body: JSON.stringify({ teamId: `t${i % p.teams}`, agentId: 'a1', phone: poolPhone(i), at }),
      });
      await res.arrayBuffer();
      serial.recordValue(Math.max(1, Math.round((performance.now() - t0) * 1000)));
    }
    const serviceTime = percentilesMs(serial);
    o.log(`  one at a time: p50 ${serviceTime.p50} ms, p99 ${serviceTime.p99} ms`);
    const before = await serverBuckets(server.url);
    const { sampler, probe } = watchServer(server.pid, server.url, BENCH_TOKENS.admin);
    const done = await runChecks({
      url: server.url,
      token: BENCH_TOKENS.ingest,
      rate: p.rate,
      durationS: p.durationS,
      phones: p.phones,
      teams: p.teams,
      at,
    });
    const loop = probe.stop();
    sampler.stop();
    const inServer = serverTime(before, await serverBuckets(server.url));
    o.log(
      `  in the server: ${inServer.count} checks, ${((inServer.within5msShare ?? 0) * 100).toFixed(2)}% within 5 ms, p50 ≤ ${inServer.p50UnderMs} ms, p99 ≤ ${inServer.p99UnderMs} ms`,
    );
    const latency = percentilesMs(decode(done.histogram));
    const achievedRate = done.sent / done.elapsedS;
    const pass = latency.p99 <= 5 && done.errors === 0 && achievedRate >= p.rate * 0.98 && p.rate >= 2000;
    return {
      name: 'pre-dial check latency',
      target: 'p99 ≤ 5 ms at 2,000 checks/s',
      achieved: `p50 ${latency.p50} ms, p99 ${latency.p99} ms, p99.9 ${latency.p999} ms at ${Math.round(achievedRate).toLocaleString('en')} checks/s over ${Math.round(done.elapsedS)} s; ${done.refused} refused, ${done.errors} errors${done.errors ? ` ${JSON.stringify(done.errorCodes)}` : ''}; one at a time p50 ${serviceTime.p50} ms, p99 ${serviceTime.p99} ms; in the server p99 ≤ ${inServer.p99UnderMs} ms`,
      pass,
      details: {
        ...done,
        histogram: undefined,
        latency,
        serviceTime,
        inServer,
        achievedRate,
        server: sampler.summary(0),
        ...loop,
        params: p,
      },
    };
  } finally {
    await floor.stop();
    await floor.dispose();
  }
}
