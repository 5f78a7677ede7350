import type { Scope } from '@floorpulse/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WindowStore } from '../../server/src/pipeline/windows/window-store.js';
import { countsFromSql } from '../../server/src/storage/events-repo.js';
import { rebuildWindows } from '../../server/src/storage/windows-rebuild.js';
import { testClock } from '../helpers/clock.js';
import { lcg } from '../helpers/lcg.js';
import { post, startServer, type TestServer, tempDataDir } from '../helpers/server.js';

const NOW = Date.parse('2026-11-20T07:30:04.000Z'); // 15:30 in Shanghai
const MIN = 60_000;
const thresholds = { earlyHangupSeconds: 30, effectiveSeconds: 60 };

/** A day of calls since 00:20 local, ending with a few dated minutes ahead; flags twice on some calls. */
function floorDay(): object[] {
  const out: object[] = [];
  const rnd = lcg(3);
  const start = Date.parse('2026-11-19T16:20:00.000Z');
  for (let n = 0; n < 900; n++) {
    const ts = n < 880 ? start + Math.floor(((NOW - start) * n) / 880) : NOW + (n - 880) * 10_000; // the last 20 dated ahead
    const agent = `a${n % 9}`;
    const base = { teamId: `t${n % 3}`, agentId: agent, callId: `c${n}` };
    out.push({ ...base, id: `d${n}`, type: 'call.dialed', ts, channel: n % 4 === 0 ? 'robot' : 'human' });
    if (rnd() < 0.5) {
      out.push({ ...base, id: `a${n}`, type: 'call.answered', ts: ts + 5_000 });
      // Binary fractions: sums are exact in any order, so live and SQL agree to the last bit.
      out.push({
        ...base,
        id: `e${n}`,
        type: 'call.ended',
        ts: ts + 60_000,
        answered: true,
        talkSeconds: Math.floor(rnd() * 400) / 4,
        hangupBy: rnd() < 0.6 ? 'customer' : 'agent',
      });
      if (rnd() < 0.2)
        out.push({ ...base, id: `o${n}`, type: 'call.outcome', ts: ts + 70_000, outcome: rnd() < 0.4 ? 'sale' : 'lead', amount: 100 });
    } else if (rnd() < 0.3) {
      out.push({ ...base, id: `e${n}`, type: 'call.ended', ts: ts + 30_000, answered: false, talkSeconds: 0, hangupBy: 'system' });
    }
    if (rnd() < 0.06) {
      const flag = {
        ...base,
        type: 'compliance.flag',
        rule: rnd() < 0.3 ? 'complaint' : 'script_violation',
        severity: rnd() < 0.5 ? 'violation' : 'reminder',
      };
      out.push({ ...flag, id: `f${n}`, ts: ts + 80_000 }, { ...flag, id: `g${n}`, ts: ts + 90_000 });
    }
    if (rnd() < 0.05) out.push({ ...base, id: `s${n}`, type: 'agent.state', ts, state: 'break' });
  }
  // An agent who only changed state today: live ingest makes no scope for them, nor must the rebuild.
  out.push({ id: 'idle-1', type: 'agent.state', ts: start + 60 * MIN, teamId: 't1', agentId: 'idle', state: 'available' });
  return out;
}

describe('rebuilding the live windows at start', () => {
  const clock = testClock(NOW);
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ dataDir: tempDataDir('rebuild'), scheduler: clock });
    const events = floorDay();
    for (let i = 0; i < events.length; i += 500)
      expect((await post(`${server.url}/api/v1/events`, events.slice(i, i + 500))).status).toBe(200);
  });
  afterAll(() => server.stop());

  it('gives every scope and window the numbers live ingest made, and SQL gives, from day sums plus the last hour', async () => {
    const rebuilt = new WindowStore({ bucketMs: 10_000, zone: 'Asia/Shanghai' });
    const r = await rebuildWindows({ client: server.store.client, windows: rebuilt, thresholds, zone: 'Asia/Shanghai', now: NOW });
    // Most of the day came as per-agent sums: only the last hour and what is dated ahead was replayed.
    expect(r.groups).toBeGreaterThan(9);
    expect(r.replayed).toBeLessThan(200);
    const live = server.app.windows;
    expect(new Set(rebuilt.scopes())).toEqual(new Set(live.scopes()));
    const scopes: Scope[] = ['floor', 'team:t0', 'team:t2', 'agent:a4', 'agent:a8', 'channel:human', 'channel:robot'];
    for (const window of ['today', '1h', '15m'] as const) {
      const { from, to } = live.range(window, NOW);
      for (const scope of scopes) {
        const counts = rebuilt.counts(scope, from, to);
        expect(counts, `${scope} ${window}`).toEqual(live.counts(scope, from, to));
        expect(counts, `${scope} ${window} vs SQL`).toEqual(
          await countsFromSql(server.store.client, { scope, fromMs: from, toMs: to, ...thresholds }),
        );
      }
    }
    expect(rebuilt.counts('floor', live.range('today', NOW).from, live.range('today', NOW).to).violations).toBeGreaterThan(0);
  });
});
