/**
 * Screens: `count` socket.io clients in one separate process, each subscribed to one (scope, window),
 * counting `rates:update` and disconnects. Reports once a second over IPC.
 */
import { io, type Socket } from 'socket.io-client';

export interface ScreensConfig {
  url: string;
  token: string;
  count: number;
  scopes: string[];
  window: string;
}
export type ScreensMessage =
  | { type: 'ready'; connected: number; failed: number; connectS: number }
  | { type: 'tick'; updates: number; disconnects: number; connected: number }
  | {
      type: 'done';
      updates: number;
      disconnects: number;
      connected: number;
      perScreenMin: number;
      perScreenMean: number;
      measuredS: number;
    };

const cfg = JSON.parse(process.argv[2] ?? '{}') as ScreensConfig;
const sockets: Socket[] = [];
const perScreen = new Array<number>(cfg.count).fill(0);
let updates = 0;
let disconnects = 0;
let failed = 0;
let counting = false;
let countFrom = 0;

const t0 = performance.now();
// Waves of 100: a floor's TVs do not all connect in the same millisecond.
for (let i = 0; i < cfg.count; i += 100) {
  await Promise.all(
    Array.from({ length: Math.min(100, cfg.count - i) }, (_, j) => {
      const n = i + j;
      const s = io(cfg.url, { auth: { token: cfg.token }, transports: ['websocket'], reconnection: false, timeout: 60_000 });
      sockets.push(s);
      s.on('rates:update', () => {
        if (!counting) return;
        updates++;
        perScreen[n]!++;
      });
      s.on('disconnect', () => disconnects++);
      return new Promise<void>((resolve) => {
        s.once('connect', () => {
          s.emit('subscribe', { scope: cfg.scopes[n % cfg.scopes.length], window: cfg.window }, () => resolve());
        });
        s.once('connect_error', () => {
          failed++;
          resolve();
        });
      });
    }),
  );
}
process.send?.({
  type: 'ready',
  connected: sockets.filter((s) => s.connected).length,
  failed,
  connectS: (performance.now() - t0) / 1000,
} satisfies ScreensMessage);

const ticker = setInterval(
  () =>
    process.send?.({ type: 'tick', updates, disconnects, connected: sockets.filter((s) => s.connected).length } satisfies ScreensMessage),
  1000,
);
process.on('message', (m: { type: string }) => {
  if (m.type === 'count') {
    counting = true;
    countFrom = performance.now();
    updates = 0;
    disconnects = 0;
  }
  if (m.type === 'stop') {
    clearInterval(ticker);
    const measuredS = (performance.now() - countFrom) / 1000;
    const connected = sockets.filter((s) => s.connected).length;
    const done: ScreensMessage = {
      type: 'done',
      updates,
      disconnects,
      connected,
      measuredS,
      perScreenMin: Math.min(...perScreen) / measuredS,
      perScreenMean: updates / cfg.count / measuredS,
    };
    for (const s of sockets) s.disconnect();
    process.send?.(done, () => process.exit(0));
  }
});
