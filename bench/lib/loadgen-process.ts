import { fork } from 'node:child_process';
import path from 'node:path';
import type { LoadgenConfig, LoadgenMessage } from '../loadgen.js';
import { ROOT } from './server-process.js';

export type LoadgenDone = Extract<LoadgenMessage, { type: 'done' }>;
export type LoadgenTick = Extract<LoadgenMessage, { type: 'tick' }>;

/** Runs the load generator in its own process; resolves with its final report. */
export function runLoadgen(
  cfg: LoadgenConfig,
  onTick?: (t: LoadgenTick) => void,
): { done: Promise<LoadgenDone>; pid: number; stop: () => void } {
  const child = fork(path.join(ROOT, 'bench/loadgen.ts'), [JSON.stringify(cfg)], {
    cwd: ROOT,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const done = new Promise<LoadgenDone>((resolve, reject) => {
    let result: LoadgenDone | null = null;
    child.on('message', (m: LoadgenMessage) => {
      if (m.type === 'tick') onTick?.(m);
      else result = m;
    });
    child.once('exit', (code) => (result ? resolve(result) : reject(new Error(`load generator exited with ${code} without a report`))));
  });
  return { done, pid: child.pid!, stop: () => child.kill('SIGTERM') };
}
