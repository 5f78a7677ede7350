import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import { createClient, type RedisClientType } from 'redis';
import { describe, expect, it } from 'vitest';
import { roleOf } from '../../server/src/auth/tokens.js';
import { loadConfig } from '../../server/src/config/config.js';
import { AuthFailures } from '../../server/src/limits/auth-failures.js';
import { makeLimiter } from '../../server/src/limits/limiter.js';
import { rateLimits } from '../../server/src/limits/rate-limits.js';
import { TOKENS } from '../helpers/server.js';

const tokens = {
  ingest: TOKENS.INGEST_TOKEN,
  viewer: TOKENS.VIEWER_TOKEN,
  supervisor: TOKENS.SUPERVISOR_TOKEN,
  analyst: TOKENS.ANALYST_TOKEN,
  admin: TOKENS.ADMIN_TOKEN,
};
/** What the server takes for ours (auth/access.ts): here, the role tokens. */
const known = (credential: string) => roleOf(tokens, credential) !== null;
/** Never connected: choosing the store must not need Redis up. */
const unconnected = () => createClient({ url: 'redis://127.0.0.1:1' }) as RedisClientType;

describe('the rate limits store', () => {
  it('counts in memory without REDIS_URL, in Redis with it (every process one count), falling back to memory while Redis is away', () => {
    expect(makeLimiter({ points: 5, durationSeconds: 60, keyPrefix: 'fp:limit:t', redis: null })).toBeInstanceOf(RateLimiterMemory);
    const shared = makeLimiter({ points: 5, durationSeconds: 60, keyPrefix: 'fp:limit:t', redis: unconnected() });
    expect(shared).toBeInstanceOf(RateLimiterRedis);
    expect((shared as unknown as { insuranceLimiter: unknown }).insuranceLimiter).toBeInstanceOf(RateLimiterMemory);
    expect(rateLimits(loadConfig({ ...TOKENS }), known, null).store).toBe('memory');
    const config = loadConfig({
      ...TOKENS,
      REDIS_URL: 'redis://127.0.0.1:6379',
      PHONE_HASH_SECRET: 'cluster-phone-hash-secret-0123',
      SESSION_SECRET: 'cluster-session-secret-0123456789abcdef',
    });
    expect(rateLimits(config, known, unconnected()).store).toBe('redis');
  });

  it('has documented defaults and refuses a nonsense limit naming the variable', () => {
    expect(loadConfig({})).toMatchObject({
      AUTH_FAILURE_LIMIT: 20,
      AUTH_FAILURE_WINDOW_SECONDS: 60,
      SQL_STATEMENT_LIMIT: 30,
      SQL_STATEMENT_WINDOW_SECONDS: 60,
    });
    expect(() => loadConfig({ AUTH_FAILURE_LIMIT: '0' })).toThrow(/AUTH_FAILURE_LIMIT/);
    expect(() => loadConfig({ SQL_STATEMENT_WINDOW_SECONDS: 'a minute' })).toThrow(/SQL_STATEMENT_WINDOW_SECONDS/);
  });
});

describe('failed authentications per address', () => {
  const failures = () => {
    const known = new Set(['right-token']);
    return new AuthFailures({ limiter: new RateLimiterMemory({ points: 3, duration: 60 }), limit: 3, isKnown: (c) => known.has(c) });
  };

  it('lets the first `limit` wrong credentials through to their 401, then refuses everything from that address with the time left', async () => {
    const f = failures();
    for (let i = 0; i < 3; i++) expect(await f.judge('10.0.0.1', 'guess')).toEqual({ refused: false });
    expect(await f.judge('10.0.0.1', 'guess')).toEqual({ refused: true, retryAfterSeconds: 60 });
    expect(await f.judge('10.0.0.1', 'right-token')).toEqual({ refused: true, retryAfterSeconds: 60 });
    expect(await f.judge('10.0.0.1', null)).toEqual({ refused: true, retryAfterSeconds: 60 });
    // Another address is not concerned.
    expect(await f.judge('10.0.0.2', 'right-token')).toEqual({ refused: false });
  });

  it('counts neither a correct credential nor none at all', async () => {
    const f = failures();
    for (let i = 0; i < 10; i++) {
      expect(await f.judge('10.0.0.1', 'right-token')).toEqual({ refused: false });
      expect(await f.judge('10.0.0.1', null)).toEqual({ refused: false });
    }
    expect(await f.judge('10.0.0.1', 'guess')).toEqual({ refused: false });
  });

  it('takes the METRICS_TOKEN and every role token as known, anything else (an empty header too) as a failure', async () => {
    const { authFailures } = rateLimits(
      loadConfig({ ...TOKENS, METRICS_TOKEN: 'metrics-scrape-token-0123', AUTH_FAILURE_LIMIT: '1' }),
      known,
      null,
    );
    for (const t of [...Object.values(tokens), 'metrics-scrape-token-0123'])
      expect(await authFailures.judge('10.0.0.3', t)).toEqual({ refused: false });
    expect(await authFailures.judge('10.0.0.3', '')).toEqual({ refused: false });
    expect((await authFailures.judge('10.0.0.3', 'metrics-scrape-token-0124')).refused).toBe(true);
  });
});
