import { asyncScheduler } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventMix, rng } from '../../bench/lib/events.js';
import { liveAndSql } from '../helpers/live-vs-sql.js';
import { get, startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';

/**
 * An impatient dialer: every batch is sent with a timeout of a few milliseconds — shorter than a
 * ClickHouse insert, so most attempts are abandoned while the server is still writing them — and
 * re-sent until one attempt gets its 200. No event may be counted twice, live or in ClickHouse.
 */
describe('a client that retries every batch after a timeout', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ dataDir: tempDataDir('torture-retry'), scheduler: asyncScheduler });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('double-counts nothing', { timeout: 60_000 }, async () => {
    const mix = new EventMix({ teams: 10, agents: 100, robotShare: 0.2 }, `r${Date.now()}`, 9);
    const random = rng(4242);
    const ids = new Set<string>();
    let _attempts = 0;
    let abandoned = 0;
    let duplicatesSeen = 0;
    const client = async () => {
      for (let b = 0; b < 25; b++) {
        const lines = mix.lines(40, Date.now());
        for (const l of lines) ids.add((JSON.parse(l) as { id: string }).id);
        for (let attempt = 0; ; attempt++) {
          _attempts++;
          // 2–12 ms, doubling with each retry of the batch (a dialer's back-off): the first tries are
          // abandoned mid-insert, a later one outlasts the insert however busy the machine is.
          const timeout = (2 + Math.floor(random() * 10)) * 2 ** attempt;
          try {
            const res = await fetch(`${server.url}/api/v1/events`, {
              method: 'POST',
              headers: { authorization: `Bearer ${TOKENS.INGEST_TOKEN}`, 'content-type': 'application/x-ndjson' },
              body: lines.join('\n'),
              signal: AbortSignal.timeout(timeout),
            });
            const body = (await res.json()) as { accepted: number; duplicates: number };
            expect(res.status).toBe(200);
            expect(body.accepted + body.duplicates).toBe(40);
            duplicatesSeen += body.duplicates;
            break;
          } catch (e) {
            if ((e as Error).name !== 'TimeoutError' && (e as Error).name !== 'AbortError') throw e;
            abandoned++;
          }
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, client));
    // The condition under test happened: attempts were abandoned, and some had landed before their retry.
    expect(abandoned).toBeGreaterThan(20);
    expect(duplicatesSeen).toBeGreaterThan(0);

    const rs = await server.store.client.query({
      query: 'SELECT count() AS n, uniqExact(id) AS u FROM call_events WHERE NOT derived',
      format: 'JSONEachRow',
    });
    const { n, u } = (await rs.json<{ n: string; u: string }>())[0]!;
    expect(Number(u)).toBe(ids.size);
    expect(Number(n)).toBe(ids.size);

    for (const scope of ['floor', 'team:t3', 'agent:a7', 'channel:robot']) {
      const { live, sql } = await liveAndSql(server, scope, 'today');
      expect(live.counts.talkSeconds).toBeCloseTo(sql.talkSeconds, 6);
      expect({ ...live.counts, talkSeconds: 0 }).toEqual({ ...sql, talkSeconds: 0 });
    }
    const floor = (await get(`${server.url}/api/v1/rates?scope=floor&window=today`)).body;
    expect(floor.counts.dialed).toBeGreaterThan(0);
  });
});
