import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { freePort } from '../../server/src/ops/free-port.js';
import { clickhouseEnv, databaseFor } from './clickhouse-mode.js';
import { tempDataDir } from './server.js';

/** Spawns a process and resolves with the first stdout line that `match` accepts. */
export function spawnUntil<T>(
  cmd: string,
  args: string[],
  env: Record<string, string>,
  match: (line: string) => T | null,
  ms = 60_000,
): Promise<{ proc: ChildProcess; found: T }> {
  const proc = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr!.on('data', (d) => (stderr += String(d)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${cmd} did not start in ${ms} ms: ${stderr}`)), ms);
    proc.once('exit', (code) => reject(new Error(`${cmd} exited with ${code}: ${stderr}`)));
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      const found = match(line);
      if (found === null) return;
      clearTimeout(timer);
      resolve({ proc, found });
    });
  });
}

/** Ends a child we started, by its own handle; waits for its exit. */
export function stopChild(proc: ChildProcess | undefined): Promise<void> {
  if (!proc || proc.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    proc.once('exit', () => resolve());
    proc.kill('SIGTERM');
  });
}

/** A redis-server of the test's own, without persistence, on `port` (a free one when absent). */
export async function startRedis(port?: number): Promise<{ proc: ChildProcess; port: number; url: string }> {
  const p = port ?? (await freePort());
  const { proc } = await spawnUntil(
    'redis-server',
    ['--port', String(p), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {},
    (l) => (l.includes('Ready to accept connections') ? true : null),
  );
  return { proc, port: p, url: `redis://127.0.0.1:${p}` };
}

/**
 * FloorPulse processes (tests/helpers/child-server.ts), one per name, each on its own data directory
 * `<prefix>-<name>` (chDB binds one per process); resolves once every one listens. In the `server`
 * test project they share one database on the run's ClickHouse server, as production runs them.
 */
export async function startChildServers(
  names: readonly string[],
  prefix: string,
  env: Record<string, string>,
): Promise<{ proc: ChildProcess; url: string }[]> {
  const shared = clickhouseEnv(prefix, databaseFor(prefix));
  const started = await Promise.all(
    names.map((name) =>
      spawnUntil(
        'node_modules/.bin/tsx',
        ['tests/helpers/child-server.ts'],
        { ...env, ...shared, DATA_DIR: tempDataDir(`${prefix}-${name}`) },
        (l) => {
          try {
            return (JSON.parse(l) as { port: number }).port ?? null;
          } catch {
            return null;
          }
        },
      ),
    ),
  );
  return started.map((s) => ({ proc: s.proc, url: `http://127.0.0.1:${s.found}` }));
}
