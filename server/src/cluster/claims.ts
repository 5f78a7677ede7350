import type { Logger } from 'pino';
import type { RedisClientType } from 'redis';

/**
 * Who performs a side effect when several processes evaluate the same stream: the first to claim
 * its stable key (an alert transition, a celebration id). One process alone always wins.
 */
export interface Claims {
  /** True when this process won `key` and must perform the side effect; false when another did. */
  claim(key: string): Promise<boolean>;
  /** Gives a won claim back after the side effect failed (ClickHouse write), so a retry can win it. */
  release(key: string): Promise<void>;
  /**
   * The value held under `key`: `value` when this process set it first, else the value another
   * process set. Metric alerts use it to agree on one alert id per (rule, subject) episode.
   */
  hold(key: string, value: string): Promise<string>;
  /** Ends a hold, only if `key` still holds `value` (a newer episode's hold is left alone). */
  drop(key: string, value: string): Promise<void>;
}

/** No Redis: this process is the whole floor, so it always wins. */
export const localClaims: Claims = {
  claim: async () => true,
  release: async () => undefined,
  hold: async (_key, value) => value,
  drop: async () => undefined,
};

/**
 * 8 days: longer than the 7 days of alerts kept in memory and the 3 days of celebration ids, so
 * a claim outlives every replay that could raise the same id again.
 */
const CLAIM_TTL_MS = 8 * 24 * 3_600_000;
const PREFIX = 'fp:claim:';
const DROP_IF_SAME = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

/**
 * Claims over Redis `SET key value NX PX`. When Redis cannot answer, a claim is WON (fail open):
 * during an outage no events cross between processes either, so each process only sees (and only
 * acts on) what it ingested itself; a missed alert is worse than one shown twice.
 */
export function redisClaims(client: RedisClientType, node: string, log: Logger): Claims {
  const outage = outageLog(log, 'cluster: claims without redis, each process acts on what it sees', 'cluster: claims over redis again');
  const failOpen =
    <T>(fallback: T) =>
    (err: unknown): T => {
      outage.failed(err);
      return fallback;
    };
  const ok = <T>(v: T): T => {
    outage.ok();
    return v;
  };
  return {
    claim: (key) => client.set(PREFIX + key, node, { NX: true, PX: CLAIM_TTL_MS }).then((r) => ok(r === 'OK'), failOpen(true)),
    release: (key) => client.eval(DROP_IF_SAME, { keys: [PREFIX + key], arguments: [node] }).then(() => ok(undefined), failOpen(undefined)),
    hold: (key, value) =>
      client.set(PREFIX + key, value, { NX: true, GET: true, PX: CLAIM_TTL_MS }).then((prev) => ok(prev ?? value), failOpen(value)),
    drop: (key, value) =>
      client.eval(DROP_IF_SAME, { keys: [PREFIX + key], arguments: [value] }).then(() => ok(undefined), failOpen(undefined)),
  };
}

/** One warning when Redis stops answering and one line when it is back, not one per batch or claim. */
export function outageLog(log: Logger, down: string, up: string): { failed(err: unknown): void; ok(): void } {
  let failing = false;
  return {
    failed(err) {
      if (!failing) log.warn({ err: errText(err) }, down);
      failing = true;
    },
    ok() {
      if (failing) log.info(up);
      failing = false;
    },
  };
}

/** Only the message of an error: a Redis error could echo a command, and a command may carry a phone hash. */
export function errText(err: unknown): string {
  return err instanceof Error ? err.message.slice(0, 200) : 'unknown';
}
