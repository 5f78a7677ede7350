import { io } from 'socket.io-client';
import { type ClickHouseMode, startFloor } from '../lib/floor.js';
import { newHistogram, percentilesMs } from '../lib/histogram.js';
import { runLoadgen } from '../lib/loadgen-process.js';
import { watchServer } from '../lib/probes.js';
import type { RunOptions, ScenarioResult } from '../lib/result.js';
import { runScreens } from '../lib/screens-process.js';
import { BENCH_TOKENS } from '../lib/server-process.js';

export interface ScreensParams {
  /** events/s of background load */
  rate: number;
  screens: number;
  durationS: number;
  /** probes a second (latency scenario); 0 for none */
  probesPerS: number;
  teams: number;
  agents: number;
}

const TEAM_SCOPES = (teams: number) =>
  Array.from({ length: Math.min(teams, 200) }, (_, i) => `team:t${i}`).concat(['floor', 'channel:human', 'channel:robot']);

/**
 * Screens under load: `screens` socket.io clients subscribed (another process) while the load generator
 * posts `rate` events/s. With probes: each probe subscribes to a scope of its own (a fresh agent, so its
 * room is idle), posts one event for it, and times POST-send → the `rates:update` that counts it.
 */
export async function screensScenario(
  kind: 'latency' | 'fanout' | 'floor',
  p: ScreensParams,
  o: RunOptions,
  mode: ClickHouseMode = 'embedded',
): Promise<ScenarioResult> {
  const floor = await startFloor({ name: kind, mode });
  const server = floor.server;
  const screens = runScreens({
    url: server.url,
    token: BENCH_TOKENS.viewer,
    count: p.screens,
    scopes: TEAM_SCOPES(p.teams),
    window: '15m',
  });
  const ready = await screens.ready;
  o.log(`  ${ready.connected} screens connected in ${ready.connectS.toFixed(1)} s (${ready.failed} failed)`);
  const { sampler, probe } = watchServer(server.pid, server.url, BENCH_TOKENS.admin);
  const lg = runLoadgen({
    url: server.url,
    token: BENCH_TOKENS.ingest,
    rate: p.rate,
    durationS: p.durationS + 5,
    // A real floor's dialers post each event as it happens; the big floors' load comes in batches.
    concurrency: kind === 'floor' ? 16 : 64,
    batch: kind === 'floor' ? 1 : 100,
    shape: { teams: p.teams, agents: p.agents, robotShare: 0.2 },
    prefix: `${kind}${Date.now()}`,
    seed: 2,
  });
  await new Promise((r) => setTimeout(r, 5000)); // load settles before anything is counted
  const from = performance.now();
  screens.count();

  const latency = newHistogram();
  // The probe's own POST, sent to answered: what a dialer waits for (its events are in ClickHouse then).
  const post = newHistogram();
  const storeBefore = await storeSeconds(server.url);
  let timeouts = 0;
  if (p.probesPerS > 0) {
    const client = io(server.url, { auth: { token: BENCH_TOKENS.viewer }, transports: ['websocket'] });
    await new Promise<void>((r) => client.once('connect', () => r()));
    const end = performance.now() + p.durationS * 1000;
    for (let i = 0; performance.now() < end; i++) {
      const agent = `probe-${Date.now()}-${i}`;
      const scope = `agent:${agent}`;
      await new Promise<void>((r) => client.emit('subscribe', { scope, window: '15m' }, () => r()));
      const seen = new Promise<number>((resolve) => {
        const timer = setTimeout(() => {
          client.off('rates:update', on);
          resolve(-1);
        }, 5000);
        const on = (s: { scope: string; counts: { dialed: number } }) => {
          if (s.scope !== scope || s.counts.dialed < 1) return;
          clearTimeout(timer);
          client.off('rates:update', on);
          resolve(performance.now());
        };
        client.on('rates:update', on);
      });
      const t0 = performance.now();
      const body = JSON.stringify({
        id: `${agent}-e`,
        type: 'call.dialed',
        ts: Date.now(),
        teamId: 'probe',
        agentId: agent,
        callId: `${agent}-c`,
        channel: 'human',
      });
      void fetch(`${server.url}/api/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${BENCH_TOKENS.ingest}`, 'content-type': 'application/json' },
        body,
      }).then(async (res) => {
        await res.arrayBuffer();
        post.recordValue(Math.max(1, Math.round((performance.now() - t0) * 1000)));
      });
      const t1 = await seen;
      if (t1 < 0) timeouts++;
      else latency.recordValue(Math.max(1, Math.round((t1 - t0) * 1000)));
      client.emit('unsubscribe', { scope, window: '15m' });
      const wait = 1000 / p.probesPerS - (performance.now() - t0);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    client.disconnect();
  } else {
    await new Promise((r) => setTimeout(r, p.durationS * 1000));
  }
  const storeAfter = await storeSeconds(server.url);
  const seen = await screens.stop();
  const load = await lg.done;
  const loop = probe.stop();
  sampler.stop();
  const proc = sampler.summary(from);
  await floor.dispose();
  const achievedRate = Math.round(load.accepted / load.elapsedS);
  const common = {
    screens: p.screens,
    connected: ready.connected,
    connectFailed: ready.failed,
    disconnects: seen.disconnects,
    stillConnected: seen.connected,
    updatesPerScreenPerS: { mean: Math.round(seen.perScreenMean * 100) / 100, min: Math.round(seen.perScreenMin * 100) / 100 },
    targetRate: p.rate,
    achievedRate,
    loadErrors: load.errors,
    server: proc,
    ...loop,
    durationS: p.durationS,
  };
  if (kind === 'floor') {
    const pct = percentilesMs(latency);
    const postPct = percentilesMs(post);
    const requests = storeAfter.count - storeBefore.count;
    const storeMeanMs = requests > 0 ? Math.round(((storeAfter.sum - storeBefore.sum) / requests) * 10_000) / 10 : null;
    return {
      name: `a real floor's load (${mode})`,
      target: `reported: ${p.rate} ev/s with ${p.screens} screens (BENCHMARKS.md, "A real floor")`,
      achieved: `event-to-screen p50 ${pct.p50} ms, p99 ${pct.p99} ms; one event's POST p50 ${postPct.p50} ms, p99 ${postPct.p99} ms; ingest-to-store mean ${storeMeanMs} ms (${pct.count} probes, ${timeouts} lost) at ${achievedRate.toLocaleString('en')} ev/s, ${ready.connected} screens`,
      pass: null,
      details: { mode, latencyMs: pct, postMs: postPct, storeMeanMs, storeRequests: requests, probeTimeouts: timeouts, ...common },
    };
  }
  if (kind === 'latency') {
    const pct = percentilesMs(latency);
    return {
      name: 'event-to-screen latency',
      target: `p50 ≤ 50 ms, p99 ≤ 250 ms at 50,000 ev/s with 1,000 screens`,
      achieved: `p50 ${pct.p50} ms, p99 ${pct.p99} ms (${pct.count} probes, ${timeouts} lost) at ${achievedRate.toLocaleString('en')} ev/s with ${ready.connected} screens`,
      pass: pct.p50 <= 50 && pct.p99 <= 250 && timeouts === 0 && achievedRate >= 50_000 * 0.95 && ready.connected >= 1000,
      details: { latencyMs: pct, probeTimeouts: timeouts, ...common },
    };
  }
  return {
    name: 'fan-out',
    target: '5,000 screens at 2 updates/s each at half load (50,000 ev/s), no disconnects',
    achieved: `${ready.connected} screens, ${common.updatesPerScreenPerS.mean} updates/s each (min ${common.updatesPerScreenPerS.min}), ${seen.disconnects} disconnects at ${achievedRate.toLocaleString('en')} ev/s`,
    pass: ready.connected >= 5000 && seen.disconnects === 0 && seen.perScreenMin >= 2 && achievedRate >= 50_000 * 0.95,
    details: common,
  };
}

/** The server's floorpulse_ingest_to_store_seconds histogram: sum and count, for a mean over an interval. */
async function storeSeconds(url: string): Promise<{ sum: number; count: number }> {
  const text = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${BENCH_TOKENS.admin}` } })).text();
  const read = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
  return { sum: read('floorpulse_ingest_to_store_seconds_sum'), count: read('floorpulse_ingest_to_store_seconds_count') };
}
