import type { Celebration } from '@floorpulse/shared';
import { pino } from 'pino';
import { firstValueFrom, Subject } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentLookup } from '../../server/src/agents/agent-directory.js';
import { localClaims } from '../../server/src/cluster/claims.js';
import { ScoresService } from '../../server/src/scores/scores-service.js';
import { StarAnnouncer } from '../../server/src/scores/star-announcer.js';
import { starOf } from '../../server/src/scores/stars-repo.js';
import type { Store } from '../../server/src/storage/clickhouse.js';
import { ManualScheduler } from '../helpers/manual-scheduler.js';
import { openSchemaStore } from '../helpers/server.js';

/**
 * Star of the week (docs/metrics.md, "Star of the week") on a clock the test moves: decided when New
 * York's week closes, among people with the minimum sample and no violation, ties broken by sales, then
 * dials, then id; stored before it is celebrated, so a second process start announces nothing.
 */
const ZONE = 'America/New_York';
const CLOSE = Date.parse('2026-11-23T05:00:00Z'); // Monday 23 November 00:00 EST: the week of the 16th closes
let store: Store;

/** `dials` dials on Tuesday 17 November (or `day`), 14:00 EST, `answered` answered, `sales` sold; a violation flag if asked. */
function rows(
  agent: string,
  o: { dials: number; answered: number; sales: number; violation?: boolean; channel?: string; day?: string },
): object[] {
  const t0 = Date.parse(`${o.day ?? '2026-11-17'}T19:00:00Z`);
  return Array.from({ length: o.dials }, (_, i) => {
    const base = { team_id: 'north', agent_id: agent, call_id: `${agent}-${t0}-${i}`, channel: o.channel ?? 'human' };
    const ts = t0 + i * 60_000;
    return [
      { ...base, id: `${base.call_id}-d`, type: 'call.dialed', ts },
      ...(i < o.answered ? [{ ...base, id: `${base.call_id}-a`, type: 'call.answered', ts: ts + 5000 }] : []),
      ...(i < o.sales ? [{ ...base, id: `${base.call_id}-o`, type: 'call.outcome', outcome: 'sale', ts: ts + 30_000 }] : []),
      ...(o.violation && i === 0
        ? [{ ...base, id: `${base.call_id}-f`, type: 'compliance.flag', severity: 'violation', rule: 'script', ts: ts + 40_000 }]
        : []),
    ];
  }).flat();
}

const agents: AgentLookup = {
  teamOf: () => 'north',
  channelOf: (id) => (id === 'r1' ? 'robot' : 'human'),
  isRobot: (id) => id === 'r1',
  nameOf: (id) => `Name of ${id}`,
  teamNameOf: (id) => id,
};

function announcer(scheduler: ManualScheduler, celebrations$: Subject<Celebration>) {
  const scores = new ScoresService({
    client: store.client,
    agents,
    scheduler,
    zone: ZONE,
    zoneOfTeam: () => undefined,
    targets: { dailyDials: 4, conversion: 0.1 },
  });
  const star = new StarAnnouncer({
    client: store.client,
    scores,
    scheduler,
    zone: ZONE,
    minDials: 6,
    isRobot: agents.isRobot,
    celebrations$,
    claims: localClaims,
    log: pino({ level: 'silent' }),
  });
  return { scores, star };
}

beforeAll(async () => {
  store = await openSchemaStore('star-of-week');
  const events = [
    // The week of 9 November: p1 has the best score (about 97: one violation in 10 calls), but a violation;
    // p6 scores about 57 (no sale) with none.
    ...rows('p1', { dials: 10, answered: 5, sales: 4, violation: true, day: '2026-11-10' }),
    ...rows('p6', { dials: 6, answered: 5, sales: 0, day: '2026-11-10' }),
    // The week of 16 November: p2, p3, p4 score 100 each (volume at the target, conversion capped at it, compliance 1).
    ...rows('p2', { dials: 8, answered: 5, sales: 1 }),
    ...rows('p4', { dials: 8, answered: 5, sales: 2 }),
    ...rows('p3', { dials: 8, answered: 5, sales: 2 }),
    // A robot line and p5 (5 dials: below the sample of 6) score 100 with more sales.
    ...rows('r1', { dials: 40, answered: 20, sales: 10, channel: 'robot' }),
    ...rows('p5', { dials: 5, answered: 4, sales: 3 }),
  ];
  await store.client.insert({ table: 'call_events', format: 'JSONEachRow', values: events });
});
afterAll(async () => {
  await store.close();
});

describe('star of the week', () => {
  it('is announced once when the week closes: a tie goes to more sales, then the smaller id; no violation, robot or small sample', async () => {
    const clock = new ManualScheduler(Date.parse('2026-11-22T12:00:00Z')); // Sunday: the week of the 16th is open
    const celebrations$ = new Subject<Celebration>();
    const seen: Celebration[] = [];
    celebrations$.subscribe((c) => seen.push(c));
    const { scores, star } = announcer(clock, celebrations$);
    await scores.load();
    const first = firstValueFrom(celebrations$);
    const sub = star.start();
    // At start it decides the week before, of 9 November, closed while nothing ran: p6, not p1 who had a violation.
    expect(await first).toMatchObject({ id: 'star:2026-11-09', agentId: 'p6' });
    expect(await starOf(store.client, '2026-11-09')).toMatchObject({ agentId: 'p6' });
    const next = firstValueFrom(celebrations$);
    clock.advance(CLOSE + 59_000 - clock.now()); // the week closed, but its grace minute is not over
    expect(await starOf(store.client, '2026-11-16')).toBeNull();
    clock.advance(1_000);
    const c = await next;
    expect(c).toMatchObject({ id: 'star:2026-11-16', kind: 'star', agentId: 'p3', teamId: 'north' });
    expect(c.title).toBe('Star of the week: Name of p3');
    expect(await starOf(store.client, '2026-11-16')).toMatchObject({ agentId: 'p3', score: 100, dialed: 8, sales: 2 });
    sub.unsubscribe();

    // A restart in the next week: already decided and stored, so not announced again.
    const again = announcer(new ManualScheduler(CLOSE + 3_600_000), celebrations$);
    await again.scores.load();
    expect(await again.star.check()).toBeNull();
    expect(seen.map((s) => s.id)).toEqual(['star:2026-11-09', 'star:2026-11-16']);
    const rs = await store.client.query({
      query: "SELECT count() AS n FROM celebrations WHERE id = 'star:2026-11-16'",
      format: 'JSONEachRow',
    });
    expect(Number((await rs.json<{ n: string }>())[0]?.n)).toBe(1);
  });

  it("another process's new weights are used within 10 s of this one's clock", async () => {
    const clock = new ManualScheduler(CLOSE);
    const one = announcer(clock, new Subject()).scores;
    const two = announcer(clock, new Subject()).scores;
    await Promise.all([one.load(), two.load()]);
    const before = (await two.weights()).version;
    const weights = {
      kpi: { volume: 0, conversion: 0, satisfaction: 0, compliance: 100 },
      quality: { script: 100, discovery: 0, attitude: 0 },
    };
    await one.setWeights(weights, 'admin');
    expect((await two.weights()).version).toBe(before); // still its own copy
    clock.advance(10_000);
    const seen = await two.weights();
    expect(seen.version).toBe(before + 1);
    expect(seen.weights).toEqual(weights);
  });
});
