import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Spawns a process and resolves with the first stdout line that `match` accepts. */
export function spawnUntil<T>(cmd: string, args: string[], env: Record<string, string>, match: (line: string) => T | null, ms = 60_000): Promise<{ proc: ChildProcess; found: T }> {
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
