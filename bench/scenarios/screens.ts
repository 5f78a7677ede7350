import { io } from 'socket.io-client';
import { newHistogram, percentilesMs } from '../lib/histogram.js';
import { runLoadgen } from '../lib/loadgen-process.js';
import { watchServer } from '../lib/probes.js';
import type { RunOptions, ScenarioResult } from '../lib/result.js';
import { runScreens } from '../lib/screens-process.js';
import { BENCH_TOKENS, benchDataDir, startServerProcess } from '../lib/server-process.js';

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
export async function screensScenario(kind: 'latency' | 'fanout', p: ScreensParams, o: RunOptions): Promise<ScenarioResult> {
  const server = await startServerProcess({ dataDir: benchDataDir(kind) });
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
    concurrency: 64,
    batch: 100,
    shape: { teams: p.teams, agents: p.agents, robotShare: 0.2 },
    prefix: `${kind}${Date.now()}`,
    seed: 2,
  });
  await new Promise((r) => setTimeout(r, 5000)); // load settles before anything is counted
  const from = performance.now();
  screens.count();

  const latency = newHistogram();
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
  const seen = await screens.stop();
  const load = await lg.done;
  const loop = probe.stop();
  sampler.stop();
  const proc = sampler.summary(from);
  await server.stop();
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
