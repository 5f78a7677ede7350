import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import type { RedisClientType } from 'redis';

export interface LimiterOptions {
  /** How many points a key may consume per window. */
  points: number;
  durationSeconds: number;
  /** Keeps each limit's keys apart in a shared store ("fp:limit:auth"). */
  keyPrefix: string;
  /** The processes' shared Redis (REDIS_URL), connected; null for this process alone. */
  redis: RedisClientType | null;
}

/**
 * A fixed-window counter per key. In memory for one process; in Redis when several processes serve one
 * floor, or a client would get the limit once per process. While Redis is unreachable each process falls
 * back to its own memory count (insuranceLimiter) instead of failing every request or waiting for Redis.
 */
export function makeLimiter(o: LimiterOptions): RateLimiterAbstract {
  const base = { points: o.points, duration: o.durationSeconds, keyPrefix: o.keyPrefix };
  if (!o.redis) return new RateLimiterMemory(base);
  return new RateLimiterRedis({
    ...base,
    storeClient: o.redis,
    useRedisPackage: true,
    // Not ready (reconnecting): answer from the insurance at once rather than queue behind the reconnect.
    rejectIfRedisNotReady: true,
    insuranceLimiter: new RateLimiterMemory(base),
  });
}
