import { createAdapter } from '@socket.io/redis-adapter';
import type { Logger } from 'pino';
import { createClient } from 'redis';
import type { FloorIo } from './types.js';

/**
 * Several server processes, one set of screens: the Redis adapter relays every room broadcast
 * (alerts, celebrations) to the other processes' sockets. Returns the closer of both connections.
 */
export async function useRedisAdapter(io: FloorIo, url: string, log: Logger): Promise<() => Promise<void>> {
  const pub = createClient({ url });
  const sub = pub.duplicate();
  // Without a listener a lost connection would crash the process; the clients reconnect themselves.
  pub.on('error', (err) => log.error({ err }, 'redis (publish) error'));
  sub.on('error', (err) => log.error({ err }, 'redis (subscribe) error'));
  await Promise.all([pub.connect(), sub.connect()]);
  io.adapter(createAdapter(pub, sub));
  log.info({ redis: url.replace(/\/\/[^@]*@/, '//***@') }, 'socket.io redis adapter on');
  return async () => {
    await Promise.allSettled([pub.quit(), sub.quit()]);
  };
}
