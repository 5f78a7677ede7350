import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../server/src/ops/free-port.js';
import { build } from '../../tools/build/build.js';
import { TARGETS } from '../../tools/build/targets.js';
import { SERVER_MAIN } from '../../tools/demo/server-child.js';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

/** Tokens the benchmarks give the server through its environment. */
export const BENCH_TOKENS = {
  ingest: 'bench-ingest-token-0123456789',
  viewer: 'bench-viewer-token-0123456789',
  supervisor: 'bench-supervisor-token-0123456789',
  analyst: 'bench-analyst-token-0123456789',
  admin: 'bench-admin-token-0123456789',
} as const;

export interface ServerProcess {
  child: ChildProcess;
  pid: number;
  url: string;
  dataDir: string;
  /** SIGTERM (graceful: flushes acknowledged batches) and wait for exit. */
  stop(): Promise<number | null>;
  /** SIGKILL and wait for exit. */
  kill(): Promise<void>;
  /** stderr/stdout tail, for failure messages. */
  output(): string;
}

export function benchDataDir(name: string): string {
  return mkdtempSync(path.join(tmpdir(), `fp-bench-${name}-`));
}

/**
 * The real server as a child process, compiled as production runs it: `node dist/server/src/main.js`
 * (built first if stale, not timed). Not `npx …`, whose wrapper process would hide the server's own pid
 * from /proc sampling.
 */
export async function startServerProcess(opts: {
  dataDir: string;
  env?: Record<string, string>;
  cpuProfDir?: string;
  port?: number;
  /** How long the start (windows rebuilt from ClickHouse) may take; a warm hour of 50,000 agents takes minutes. */
  readyWithinS?: number;
}): Promise<ServerProcess> {
  const port = opts.port ?? (await freePort());
  // BENCH_SERVER_NODE_ARGS: extra node flags for the server, e.g. "--heap-prof --heap-prof-dir=/tmp/prof".
  const extra = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const args = [
    ...extra,
    ...(opts.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.cpuProfDir}`] : []),
    '--enable-source-maps',
    SERVER_MAIN,
  ];
  build(
    ROOT,
    TARGETS.filter((t) => t.name === 'server'),
    { onlyStale: true, typecheck: false },
  );
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: opts.dataDir,
      INGEST_TOKEN: BENCH_TOKENS.ingest,
      VIEWER_TOKEN: BENCH_TOKENS.viewer,
      SUPERVISOR_TOKEN: BENCH_TOKENS.supervisor,
      ANALYST_TOKEN: BENCH_TOKENS.analyst,
      ADMIN_TOKEN: BENCH_TOKENS.admin,
      PHONE_HASH_SECRET: 'bench-phone-hash-secret-0123456789',
      FLOOR_TZ: 'Asia/Shanghai',
      LOG_LEVEL: 'warn',
      DEMO: 'off',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (b: Buffer) => {
    out = (out + b.toString()).slice(-8000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const readyWithinS = opts.readyWithinS ?? 120;
  const deadline = Date.now() + readyWithinS * 1000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before ready:\n${out}`);
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server not ready within ${readyWithinS} s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    pid: child.pid!,
    url,
    dataDir: opts.dataDir,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
    output: () => out,
  };
}
