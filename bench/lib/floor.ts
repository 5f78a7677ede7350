import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { createClient } from '@clickhouse/client';
import { freePort } from '../../server/src/ops/free-port.js';
import { chJob } from './ch-child.js';
import { countRows } from './ch-jobs.js';
import { benchDataDir, ROOT, type ServerProcess, startServerProcess } from './server-process.js';

/**
 * Where FloorPulse's ClickHouse runs in a scenario:
 * - embedded: FloorPulse starts its own engine (a child process of the server), the default;
 * - server: a ClickHouse server of its own (`npm run clickhouse`, the same ClickHouse 26.7 with the
 *   repo's users) and FloorPulse with CLICKHOUSE_URL, as docker-compose runs it. Same two cores.
 */
export type ClickHouseMode = 'embedded' | 'server';

export const MODES: ClickHouseMode[] = ['embedded', 'server'];

const PASSWORDS = { app: 'bench-ch-app-password-0123', analyst: 'bench-ch-analyst-password-0123' };

export interface Floor {
  mode: ClickHouseMode;
  server: ServerProcess;
  /** The ClickHouse process's pid (the engine child, or the server's engine). */
  clickhousePid(): number | null;
  /** Rows and distinct ids of call_events whose id starts with `prefix` (after stop(): nothing lost, nothing doubled). */
  count(prefix: string): Promise<{ rows: number; distinctIds: number }>;
  /** Stops FloorPulse (SIGTERM: it flushes what it acknowledged). */
  stop(): Promise<void>;
  /** Stops what is left: the ClickHouse server of server mode. */
  dispose(): Promise<void>;
}

function launcherChild(parent: number): number | null {
  try {
    const out = execFileSync('ps', ['--ppid', String(parent), '-o', 'pid=,args='], { encoding: 'utf8' });
    const line = out.split('\n').find((l) => l.includes('floorpulse-launcher'));
    return line ? Number(line.trim().split(/\s+/)[0]) : null;
  } catch {
    return null;
  }
}

async function startClickHouse(dataDir: string): Promise<{ url: string; pid: number; proc: ChildProcess }> {
  const port = await freePort();
  const proc = spawn(process.execPath, ['--import', 'tsx', 'tools/clickhouse-server.ts', '--data-dir', dataDir, '--port', String(port)], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', FLOORPULSE_CH_APP_PASSWORD: PASSWORDS.app, FLOORPULSE_CH_ANALYST_PASSWORD: PASSWORDS.analyst },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    proc.once('exit', (code) => reject(new Error(`clickhouse server exited with ${code}`)));
    createInterface({ input: proc.stdout! }).once('line', resolve);
  });
  const { url, pid } = JSON.parse(line) as { url: string; pid: number };
  return { url, pid, proc };
}

async function countIn(url: string, database: string, prefix: string): Promise<{ rows: number; distinctIds: number }> {
  const client = createClient({ url, username: 'floorpulse', password: PASSWORDS.app, database });
  try {
    return await countRows(client, prefix);
  } finally {
    await client.close();
  }
}

export async function startFloor(o: {
  name: string;
  mode: ClickHouseMode;
  env?: Record<string, string>;
  cpuProfDir?: string;
  readyWithinS?: number;
}): Promise<Floor> {
  const dataDir = benchDataDir(`${o.name}-${o.mode}`);
  if (o.mode === 'embedded') {
    const server = await startServerProcess({ dataDir, ...o });
    return {
      mode: o.mode,
      server,
      clickhousePid: () => launcherChild(server.pid),
      // The engine stopped with the server: a new one on the same directory, for the count.
      count: (prefix) => chJob({ dataDir, kind: 'count', prefix }),
      async stop() {
        await server.stop();
      },
      async dispose() {
        await server.stop();
      },
    };
  }
  const ch = await startClickHouse(dataDir);
  const server = await startServerProcess({
    dataDir,
    ...o,
    env: {
      CLICKHOUSE_URL: ch.url,
      CLICKHOUSE_USER: 'floorpulse',
      CLICKHOUSE_PASSWORD: PASSWORDS.app,
      CLICKHOUSE_ANALYST_PASSWORD: PASSWORDS.analyst,
      ...o.env,
    },
  });
  let stopped = false;
  return {
    mode: o.mode,
    server,
    clickhousePid: () => ch.pid,
    count: (prefix) => countIn(ch.url, 'floorpulse', prefix),
    async stop() {
      if (!stopped) await server.stop();
      stopped = true;
    },
    async dispose() {
      await this.stop();
      if (ch.proc.exitCode === null) {
        const exited = new Promise((r) => ch.proc.once('exit', r));
        ch.proc.kill('SIGTERM');
        await exited;
      }
    },
  } satisfies Floor;
}
