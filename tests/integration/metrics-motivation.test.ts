import { inconsistentRates, RATE_KEYS } from '@floorpulse/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ratesFromSql } from '../../server/src/storage/events-repo.js';
import { testClock } from '../helpers/clock.js';
import { liveAndSql } from '../helpers/live-vs-sql.js';
import { get, post, startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';

const NOW = Date.parse('2026-11-20T07:30:00.000Z');
let seq = 0;
/** One event of a call; `teamId`, `agentId` and `channel` default to a person on team t-<n>. */
function ev(type: string, callId: string, extra: Record<string, unknown> = {}) {
  seq += 1;
  return { id: `mm-${seq}`, type, ts: NOW - 120_000 + seq, teamId: 'rej', agentId: 'h1', callId, channel: 'human', ...extra };
}

async function sqlRates(server: TestServer, scope: string, window: string) {
  const { live, sql } = await liveAndSql(server, scope, window);
  const rates = await ratesFromSql(server.store.client, {
    scope: live.scope,
    fromMs: Date.parse(live.from),
    toMs: Date.parse(live.to),
    earlyHangupSeconds: server.config.EARLY_HANGUP_SECONDS,
    effectiveSeconds: server.config.EFFECTIVE_SECONDS,
  });
  return { live, sql, rates };
}

describe('the numbers the floor material names', () => {
  const clock = testClock(NOW);
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ dataDir: tempDataDir('metrics-motivation'), scheduler: clock });
  });
  afterAll(async () => {
    await server.stopAll();
  });

  it('withholds a connect rate of 200% (a dial rejected, its answer accepted) as "—" with a data-quality flag', async () => {
    const res = await post(`${server.url}/api/v1/events`, [
      ev('call.dialed', 'rej-a'),
      ev('call.answered', 'rej-a'),
      // The dial of rej-b is refused (a number that is no phone number); its answer is valid and lands.
      ev('call.dialed', 'rej-b', { phone: 'not a phone' }),
      ev('call.answered', 'rej-b'),
    ]);
    expect(res.body.accepted).toBe(3);
    expect(res.body.rejected.map((r: { index: number }) => r.index)).toEqual([2]);
    const { live, sql, rates } = await sqlRates(server, 'team:rej', '15m');
    expect(live.counts).toEqual(sql);
    expect(live.counts).toMatchObject({ dialed: 1, answered: 2 });
    expect(live.rates.connectRate).toBeNull();
    expect(rates.connectRate).toBeNull();
    expect(inconsistentRates(live.counts)).toEqual(['connectRate']);
    for (const k of RATE_KEYS) expect(live.rates[k]).toEqual(rates[k]);
    const report = (await get(`${server.url}/api/v1/reconcile`, TOKENS.ADMIN_TOKEN)).body;
    expect(report.differences).toEqual([]);
    expect(report.dataQuality).toContainEqual({ scope: 'team:rej', window: '15m', rates: ['connectRate'] });
  });
});
