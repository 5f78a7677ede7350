import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { RateLimiterRes } from 'rate-limiter-flexible';

/** The limit's answer for one request: go on (the route still checks the token), or refused for this long. */
export type Verdict = { refused: false } | { refused: true; retryAfterSeconds: number };

const GO_ON: Verdict = { refused: false };

/** Seconds for a Retry-After header: at least 1 (0 would invite an immediate retry into the same window). */
export function retryAfterSeconds(res: RateLimiterRes): number {
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

/**
 * Failed authentications per client address, for HTTP and the socket handshake alike (one budget).
 * A failure is a presented credential that is none of ours; no credential at all is not a guess and
 * counts nothing, nor does a correct one. Once `limit` failures are counted in the window, every
 * request from that address is refused until the window ends — a correct token too: were it let
 * through, each guess would still learn right (200) from wrong (429) and the limit would stop nothing.
 * The price: a kiosk sharing a NAT address with a guesser waits out the window (docs/operations.md).
 */
export class AuthFailures {
  constructor(private readonly o: { limiter: RateLimiterAbstract; limit: number; isKnown: (credential: string) => boolean }) {}

  /** `credential`: what the request presented (a bearer token, a handshake token), null for nothing. */
  async judge(address: string, credential: string | null): Promise<Verdict> {
    if (credential !== null && !this.o.isKnown(credential)) {
      try {
        await this.o.limiter.consume(address);
        return GO_ON;
      } catch (e) {
        // Rejected with the counter: this failure is past the limit. Anything else is the store failing.
        if (e instanceof RateLimiterRes) return { refused: true, retryAfterSeconds: retryAfterSeconds(e) };
        throw e;
      }
    }
    const res = await this.o.limiter.get(address);
    return res && res.consumedPoints >= this.o.limit && res.msBeforeNext > 0
      ? { refused: true, retryAfterSeconds: retryAfterSeconds(res) }
      : GO_ON;
  }
}
