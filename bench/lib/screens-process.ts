import { fork } from 'node:child_process';
import path from 'node:path';
import type { ScreensConfig, ScreensMessage } from '../screens.js';
import { ROOT } from './server-process.js';

type Ready = Extract<ScreensMessage, { type: 'ready' }>;
type Done = Extract<ScreensMessage, { type: 'done' }>;

/** Starts the screens process; `ready` once every client subscribed, `stop()` for the final count. */
export function runScreens(cfg: ScreensConfig): { ready: Promise<Ready>; count(): void; stop(): Promise<Done>; pid: number } {
  const child = fork(path.join(ROOT, 'bench/screens.ts'), [JSON.stringify(cfg)], {
    cwd: ROOT,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let onReady: (r: Ready) => void = () => {};
  let onDone: (d: Done) => void = () => {};
  const ready = new Promise<Ready>((r) => (onReady = r));
  const done = new Promise<Done>((r) => (onDone = r));
  child.on('message', (m: ScreensMessage) => {
    if (m.type === 'ready') onReady(m);
    if (m.type === 'done') onDone(m);
  });
  return {
    ready,
    pid: child.pid!,
    count: () => child.send({ type: 'count' }),
    stop: () => {
      child.send({ type: 'stop' });
      return done;
    },
  };
}
