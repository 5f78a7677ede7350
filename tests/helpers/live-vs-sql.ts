import type { Counts, RatesSnapshot, Scope } from '@floorpulse/shared';
import { countsFromSql } from '../../server/src/storage/events-repo.js';
import { get, type TestServer } from './server.js';

/**
 * GET /api/v1/rates for a scope and window, and ClickHouse's counts over exactly the [from, to) that
 * answer reports, with the server's own thresholds: the two sides of "the live numbers equal SQL".
 */
export async function liveAndSql(server: TestServer, scope: string, window: string): Promise<{ live: RatesSnapshot; sql: Counts }> {
  const live = (await get(`${server.url}/api/v1/rates?scope=${encodeURIComponent(scope)}&window=${window}`)).body as RatesSnapshot;
  const sql = await countsFromSql(server.store.client, {
    scope: scope as Scope,
    fromMs: Date.parse(live.from),
    toMs: Date.parse(live.to),
    earlyHangupSeconds: server.config.EARLY_HANGUP_SECONDS,
    effectiveSeconds: server.config.EFFECTIVE_SECONDS,
  });
  return { live, sql };
}
