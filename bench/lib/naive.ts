import type { ClickHouseClient } from '@clickhouse/client';
import type { StoredEvent } from '@floorpulse/shared';
import { insertEvents, WINDOW_COUNTS_SQL } from '../../server/src/storage/events-repo.js';
import { EventMix } from './events.js';
import { newHistogram, type Percentiles, percentilesMs } from './histogram.js';
import { sampleProc } from './proc.js';

export interface NaiveParams {
  /** events per second inserted while the screens poll */
  rate: number;
  screens: number;
  teams: number;
  agents: number;
  durationS: number;
}

export interface NaiveResult {
  screens: number;
  /** refreshes asked for: one per screen per second */
  wantedPerS: number;
  achievedPerS: number;
  query: Percentiles;
  /** time from the start of a refresh round to its last screen answered: how stale the last screen is */
  round: Percentiles;
  insertedPerS: number;
  cpuPct: number;
}

/**
 * The naive design side by side: insert into ClickHouse, and every second each screen recomputes its
 * rates with the reference SQL (WINDOW_COUNTS_SQL, a team's 15-minute window). No live windows at all.
 */
export async function naiveBaseline(client: ClickHouseClient, p: NaiveParams): Promise<NaiveResult> {
  const mix = new EventMix({ teams: p.teams, agents: p.agents, robotShare: 0.2 }, `naive${Date.now()}`, 11);
  const query = newHistogram();
  const round = newHistogram();
  let done = 0;
  let inserted = 0;
  const cpu0 = sampleProc(process.pid)!;
  const t0 = performance.now();
  const end = t0 + p.durationS * 1000;

  const ingest = (async () => {
    // Ten inserts a second of rate/10 events: the same group-commit size the server reaches.
    for (let tick = 0; performance.now() < end; tick++) {
      const events = mix.lines(Math.max(1, Math.round(p.rate / 10)), Date.now()).map((l) => JSON.parse(l) as StoredEvent);
      await insertEvents(client, events, Date.now());
      inserted += events.length;
      const wait = t0 + (tick + 1) * 100 - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
  })();

  const refresh = (async () => {
    for (let second = 0; performance.now() < end; second++) {
      const r0 = performance.now();
      const now = Date.now();
      // Eight at a time: what a connection pool would allow; all of a round's queries still run this second or late.
      let next = 0;
      await Promise.all(
        Array.from({ length: Math.min(8, p.screens) }, async () => {
          while (next < p.screens) {
            const i = next++;
            const q0 = performance.now();
            const rs = await client.query({
              query: WINDOW_COUNTS_SQL,
              query_params: {
                from: now - 15 * 60_000,
                to: now,
                kind: 'team',
                id: `t${i % p.teams}`,
                earlyHangupSeconds: 30,
                effectiveSeconds: 60,
              },
              format: 'JSONEachRow',
            });
            await rs.json();
            query.recordValue(Math.max(1, Math.round((performance.now() - q0) * 1000)));
            done++;
          }
        }),
      );
      round.recordValue(Math.max(1, Math.round((performance.now() - r0) * 1000)));
      const wait = t0 + (second + 1) * 1000 - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
  })();

  await Promise.all([ingest, refresh]);
  const elapsed = (performance.now() - t0) / 1000;
  const cpu1 = sampleProc(process.pid)!;
  return {
    screens: p.screens,
    wantedPerS: p.screens,
    achievedPerS: Math.round(done / elapsed),
    query: percentilesMs(query),
    round: percentilesMs(round),
    insertedPerS: Math.round(inserted / elapsed),
    cpuPct: Math.round(((cpu1.cpuSeconds - cpu0.cpuSeconds) / elapsed) * 1000) / 10,
  };
}
