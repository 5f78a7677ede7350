import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { createClient, type RedisClientType } from 'redis';
import type { Config } from '../config/config.js';
import { AuthFailures } from './auth-failures.js';
import { perRoleLimit } from './http-gates.js';
import { makeLimiter } from './limiter.js';

export interface RateLimits {
  /** Failed authentications per client address (HTTP and the socket handshake). */
  authFailures: AuthFailures;
  /** POST /api/v1/sql: statements per role. */
  sqlStatements: RequestHandler;
  /** Where the counts live: this process's memory, or Redis shared by every process (REDIS_URL). */
  store: 'memory' | 'redis';
  close(): Promise<void>;
}

/** The limits of config, counted in `redis` when given (connected), else in this process's memory. */
export function rateLimits(
  config: Config,
  known: (credential: string) => boolean,
  redis: RedisClientType | null,
): Omit<RateLimits, 'close'> {
  const limit = config.AUTH_FAILURE_LIMIT;
  const metricsToken = config.METRICS_TOKEN ? Buffer.from(config.METRICS_TOKEN) : null;
  // Ours: a role's token, a live display link (auth/access.ts), or the scrape-only METRICS_TOKEN, compared in constant time.
  const isKnown = (credential: string) => {
    if (known(credential)) return true;
    const given = Buffer.from(credential);
    return metricsToken !== null && given.length === metricsToken.length && timingSafeEqual(given, metricsToken);
  };
  return {
    authFailures: new AuthFailures({
      limiter: makeLimiter({ points: limit, durationSeconds: config.AUTH_FAILURE_WINDOW_SECONDS, keyPrefix: 'fp:limit:auth', redis }),
      limit,
      isKnown,
    }),
    sqlStatements: perRoleLimit(
      makeLimiter({
        points: config.SQL_STATEMENT_LIMIT,
        durationSeconds: config.SQL_STATEMENT_WINDOW_SECONDS,
        keyPrefix: 'fp:limit:sql',
        redis,
      }),
      'SQL statements',
    ),
    store: redis ? 'redis' : 'memory',
  };
}

/** Opens the limits: with REDIS_URL over their own Redis connection, so a limit holds across processes. */
export async function openRateLimits(deps: { config: Config; isKnown: (credential: string) => boolean; log: Logger }): Promise<RateLimits> {
  const url = deps.config.REDIS_URL;
  if (!url) return { ...rateLimits(deps.config, deps.isKnown, null), close: async () => undefined };
  // No offline queue: while Redis is away a count fails at once and the in-memory insurance answers (limiter.ts).
  const redis = createClient({ url, disableOfflineQueue: true }) as RedisClientType;
  redis.on('error', (err: unknown) =>
    deps.log.error({ err: err instanceof Error ? err.message : String(err) }, 'redis (rate limits) error'),
  );
  await redis.connect();
  return {
    ...rateLimits(deps.config, deps.isKnown, redis),
    async close() {
      await Promise.allSettled([redis.quit()]);
    },
  };
}
