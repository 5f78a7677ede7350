/**
 * npm run demo [-- --port 3000 --data-dir ./data-demo --speed 5 --seed 42 --history-days 35 --no-build]
 *
 * One command to a living floor: FloorPulse on the embedded ClickHouse in its own data directory,
 * five weeks of history written before it starts (demo/history.ts), the simulator backfilling today
 * from 07:30 in seconds and then playing live, and the URLs and tokens to open.
 * DEMO=off runs the ordinary server instead (as `npm run start:prod`).
 */

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Role } from '@floorpulse/shared';
import { freePort } from '../server/src/ops/free-port.js';
import { localParts, localToUtc } from '../server/src/pipeline/time/local-day.js';
import { build } from './build/build.js';
import { TARGETS, type Target } from './build/targets.js';
import { freshDemoDir } from './demo/data-dir.js';
import { putDemoGoals } from './demo/goals.js';
import { backfillHistory } from './demo/history.js';
import { putDemoRoster } from './demo/roster.js';
import { ROOT, SERVER_MAIN, startServerChild } from './demo/server-child.js';
import { pickDemoZone } from './demo/zone.js';
import { parseInteger, parseNumber, runCli } from './lib/cli.js';
import { type FloorSpec, generateFloor } from './simulator/generate.js';
import { sendFloor } from './simulator/send.js';

const ROLES: Role[] = ['ingest', 'viewer', 'supervisor', 'analyst', 'admin'];

async function main(): Promise<number> {
  if (process.env.DEMO === 'off') return runPlainServer();
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'data-dir': { type: 'string', default: './data-demo' },
      speed: { type: 'string' },
      seed: { type: 'string' },
      teams: { type: 'string' },
      agents: { type: 'string' },
      robots: { type: 'string' },
      'history-days': { type: 'string' },
      'no-build': { type: 'boolean', default: false },
    },
  });
  const started = Date.now();
  const port = parseInteger(values.port ?? process.env.PORT, 'port', 3000, 0, 65535);
  // The compiled server always (a few seconds, once); the web unless --no-build (the API still works without it).
  buildStale(values['no-build'] ? TARGETS.filter((t) => t.name === 'server') : TARGETS);
  const dataDir = freshDemoDir(values['data-dir']);
  const picked = process.env.FLOOR_TZ ? { zone: process.env.FLOOR_TZ, localTime: '' } : pickDemoZone(Date.now());
  const tokens = Object.fromEntries(ROLES.map((r) => [r, `demo-${r}-${randomBytes(9).toString('base64url')}`])) as Record<Role, string>;
  const env = {
    ...process.env,
    DEMO: 'on',
    DATA_DIR: dataDir,
    FLOOR_TZ: picked.zone,
    INGEST_TOKEN: tokens.ingest,
    VIEWER_TOKEN: tokens.viewer,
    SUPERVISOR_TOKEN: tokens.supervisor,
    ANALYST_TOKEN: tokens.analyst,
    ADMIN_TOKEN: tokens.admin,
  };
  const spec: FloorSpec = {
    seed: parseInteger(values.seed, 'seed', 42, 0, 2 ** 32 - 1),
    start: backfillStart(Date.now(), picked.zone),
    zone: picked.zone,
    teams: parseInteger(values.teams, 'teams', 3, 1, 50),
    agentsPerTeam: parseInteger(values.agents, 'agents', 6, 0, 500),
    robotsPerTeam: parseInteger(values.robots, 'robots', 2, 0, 500),
    speed: parseNumber(values.speed, 'speed', 5, 0.01, 1000),
  };
  const historyDays = parseInteger(values['history-days'], 'history-days', 35, 0, 180);
  const history =
    historyDays > 0 ? await backfillHistory({ env, spec, days: historyDays, until: spec.start }) : { events: 0, rejected: 0, ms: 0 };
  if (historyDays > 0)
    console.error(
      `FloorPulse DEMO: ${history.events} events of the ${historyDays} days before today written in ${(history.ms / 1000).toFixed(1)} s`,
    );
  const server = await startServerChild(env, port === 0 ? await freePort('0.0.0.0') : port, path.join(dataDir, 'server.log'));
  const base = `http://localhost:${server.port}`;
  console.error(`FloorPulse DEMO: backfilling the demo day since ${new Date(spec.start).toISOString()}…`);
  await putDemoGoals(base, tokens.admin, spec);
  // Before the first event: the backfill's celebrations already name the people.
  await putDemoRoster(base, tokens.admin, spec, picked.zone);

  const abort = new AbortController();
  const stop = async (code: number) => {
    abort.abort();
    await server.stop();
    process.exit(code);
  };
  process.once('SIGINT', () => void stop(0));
  process.once('SIGTERM', () => void stop(0));
  void server.exited.then((code) => {
    if (abort.signal.aborted) return;
    console.error(`the FloorPulse server stopped unexpectedly (code ${code}); its log is in ${path.join(dataDir, 'server.log')}`);
    abort.abort();
    process.exit(1);
  });

  try {
    await sendFloor({
      url: base,
      token: tokens.ingest,
      deliveries: generateFloor(spec),
      signal: abort.signal,
      // The demo's dialer asks the pre-dial check before each live dial (the supervisor page counts them).
      askBeforeDial: true,
      onCaughtUp: (stats) =>
        printBanner({
          base,
          tokens,
          spec,
          dataDir,
          zone: picked,
          events: stats.accepted,
          history: { days: historyDays, events: history.events },
          seconds: (Date.now() - started) / 1000,
        }),
    });
  } catch (e) {
    if (abort.signal.aborted) return 0;
    console.error(`the simulator stopped: ${e instanceof Error ? e.message : String(e)}`);
    await stop(1);
  }
  return 0;
}

/** Today from 07:30 local (a few early dials land before the legal 08:00), at most 8 h back. */
function backfillStart(now: number, zone: string): number {
  const p = localParts(now, zone);
  const morning = localToUtc(p.year, p.month, p.day, 7, 30, zone);
  return morning < now ? Math.max(morning, now - 8 * 3_600_000) : now - 3_600_000;
}

function printBanner(o: {
  base: string;
  tokens: Record<Role, string>;
  spec: FloorSpec;
  dataDir: string;
  zone: { zone: string; localTime: string };
  events: number;
  history: { days: number; events: number };
  seconds: number;
}): void {
  const seats = `${o.spec.teams} teams, ${o.spec.teams * o.spec.agentsPerTeam} agents, ${o.spec.teams * o.spec.robotsPerTeam} robot lines`;
  const clock = o.zone.localTime ? `${o.zone.zone}, ${o.zone.localTime} there now` : o.zone.zone;
  console.log(`
  ==================  FloorPulse DEMO: a simulated floor, not real data  ==================
  ${seats}, ${o.spec.speed}x the industry's call volume; floor clock ${clock}
  ${o.history.events} events of the ${o.history.days} days before today, and ${o.events} of today, backfilled in ${o.seconds.toFixed(1)} s; now live
  Data: ${o.dataDir} (emptied at every demo start)
  Server log: ${path.join(o.dataDir, 'server.log')}

  Wall (TV):    ${o.base}/wall?token=${o.tokens.viewer}
  Supervisor:   ${o.base}/supervisor?token=${o.tokens.supervisor}
  History:      ${o.base}/history?token=${o.tokens.analyst}
  Admin:        ${o.base}/admin?token=${o.tokens.admin}
  Ingest:       export INGEST_TOKEN=${o.tokens.ingest}
                (README "Sending events"; npm run simulate and npm run import take --url ${o.base} --token $INGEST_TOKEN)
  Rates API:    curl -H 'authorization: Bearer ${o.tokens.viewer}' '${o.base}/api/v1/rates?scope=floor&window=today'
  Metrics:      curl -H 'authorization: Bearer ${o.tokens.admin}' ${o.base}/metrics
  Reconcile:    npm run reconcile -- --url ${o.base} --token ${o.tokens.admin}

  Ctrl-C stops the demo. Real data, no simulator: npm run start:prod (DATA_DIR defaults to ./data).
`);
}

function buildStale(targets: readonly Target[]): void {
  build(ROOT, targets, { onlyStale: true, typecheck: false });
}

/** DEMO=off: the ordinary server, as `npm run start:prod`. */
function runPlainServer(): Promise<number> {
  buildStale(TARGETS);
  const child = spawn(process.execPath, ['--enable-source-maps', path.join(ROOT, SERVER_MAIN)], {
    cwd: ROOT,
    env: process.env,
    stdio: 'inherit',
  });
  process.once('SIGINT', () => child.kill('SIGINT'));
  process.once('SIGTERM', () => child.kill('SIGTERM'));
  return new Promise((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
}

runCli(main);
