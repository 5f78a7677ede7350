/**
 * npm run simulate -- --url http://localhost:3000 --token <ingest> [--seed 1 --teams 3 --agents 6 --robots 2
 *                     --speed 1 --backfill 2h --duration 30m --zone Asia/Shanghai]
 * npm run simulate -- --out floor.ndjson --start 2026-11-20T00:00:00+08:00 --duration 1d   (a file, no server)
 *
 * A demo floor through the public ingest API only. Phones are fake (+86139…) and never printed.
 */
import { createWriteStream } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { parseDuration, parseInteger, parseNumber, runCli, tokenFor, UsageError } from './lib/cli.js';
import { type FloorSpec, generateFloor } from './simulator/generate.js';
import { sendFloor } from './simulator/send.js';

export function floorSpecFromArgs(values: Record<string, string | undefined>, start: number): FloorSpec {
  return {
    seed: parseInteger(values.seed, 'seed', 1, 0, 2 ** 32 - 1),
    start,
    zone: values.zone ?? 'Asia/Shanghai',
    teams: parseInteger(values.teams, 'teams', 3, 1, 50),
    agentsPerTeam: parseInteger(values.agents, 'agents', 6, 0, 500),
    robotsPerTeam: parseInteger(values.robots, 'robots', 2, 0, 500),
    speed: parseNumber(values.speed, 'speed', 1, 0.01, 1000),
  };
}

export const FLOOR_OPTIONS = {
  seed: { type: 'string' },
  zone: { type: 'string' },
  teams: { type: 'string' },
  agents: { type: 'string' },
  robots: { type: 'string' },
  speed: { type: 'string' },
} as const;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      ...FLOOR_OPTIONS,
      url: { type: 'string', default: 'http://localhost:3000' },
      token: { type: 'string' },
      'data-dir': { type: 'string', default: './data' },
      backfill: { type: 'string' },
      duration: { type: 'string' },
      start: { type: 'string' },
      out: { type: 'string' },
    },
  });
  const duration = values.duration === undefined ? undefined : parseDuration(values.duration, 'duration');
  if (values.out) {
    if (duration === undefined) throw new UsageError('--out needs --duration (how much floor to write)');
    const start = values.start ? Date.parse(values.start) : Date.now() - duration;
    if (!Number.isFinite(start)) throw new UsageError('--start: expected an ISO-8601 time');
    return writeFile(floorSpecFromArgs(values, start), start + duration, values.out);
  }
  const backfill = values.backfill === undefined ? 0 : parseDuration(values.backfill, 'backfill');
  const now = Date.now();
  const spec = floorSpecFromArgs(values, now - backfill);
  const token = tokenFor('ingest', values.token, values['data-dir']);
  const abort = new AbortController();
  process.once('SIGINT', () => abort.abort());
  process.once('SIGTERM', () => abort.abort());
  let lastReport = 0;
  console.error(
    `simulating ${spec.teams} teams × (${spec.agentsPerTeam} agents + ${spec.robotsPerTeam} robot lines), seed ${spec.seed}, speed ${spec.speed}× → ${values.url}`,
  );
  const stats = await sendFloor({
    url: values.url,
    token,
    deliveries: generateFloor(spec),
    signal: abort.signal,
    ...(duration === undefined ? {} : { until: now + duration }),
    onBatch: (s) => {
      if (Date.now() - lastReport < 10_000) return;
      lastReport = Date.now();
      console.error(`sent ${s.sent} events: ${s.accepted} accepted, ${s.duplicates} duplicate, ${s.rejected} rejected`);
    },
  });
  console.error(`done: sent ${stats.sent} events: ${stats.accepted} accepted, ${stats.duplicates} duplicate, ${stats.rejected} rejected`);
  return stats.rejected > 0 ? 1 : 0;
}

async function writeFile(spec: FloorSpec, end: number, file: string): Promise<number> {
  const out = createWriteStream(file);
  let n = 0;
  for (const d of generateFloor(spec)) {
    if (d.at >= end) break;
    if (!out.write(`${JSON.stringify(d.event)}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
    n++;
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  console.error(`wrote ${n} events to ${file}`);
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) runCli(main);
