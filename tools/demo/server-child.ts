import { type ChildProcess, spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The compiled server (npm run build). */
export const SERVER_MAIN = 'dist/server/src/main.js';

export interface ServerChild {
  child: ChildProcess;
  port: number;
  /** Resolves with the exit code when the server process ends. */
  exited: Promise<number>;
  /** SIGTERM (graceful: the server flushes and closes ClickHouse), then wait. */
  stop(): Promise<number>;
}

/**
 * Starts FloorPulse (the compiled dist/server, the same start as `npm start`) as a child process, its JSON
 * log written straight to `logFile` (so it never depends on this process to log). An IPC channel ties
 * it to the launcher: if the launcher dies, even by SIGKILL, the server sees the channel close and
 * shuts down gracefully. Resolves once /readyz answers 200.
 */
export async function startServerChild(env: NodeJS.ProcessEnv, port: number, logFile: string): Promise<ServerChild> {
  const out = openSync(logFile, 'a');
  const child = spawn(process.execPath, ['--enable-source-maps', path.join(ROOT, SERVER_MAIN)], {
    cwd: ROOT,
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', out, out, 'ipc'],
  });
  const exited = new Promise<number>((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (gone) throw new Error(`the server exited before it was ready (log: ${logFile})`);
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`the server was not ready within 60 s (log: ${logFile})`);
    }
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200) break;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    port,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
