import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Alert, Celebration } from '@floorpulse/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testClickHouse } from '../helpers/clickhouse-mode.js';
import { eventually as poll } from '../helpers/eventually.js';
import { startChildServers, startRedis as startRedisServer, stopChild } from '../helpers/processes.js';
import { record, screenPool, until } from '../helpers/realtime-client.js';
import { get, post, TOKENS } from '../helpers/server.js';

/** The shared poll (tests/helpers/eventually.ts), with the probe first as this file reads best. */
const eventually = <T>(read: () => Promise<T | null>, ms: number, what: string): Promise<T> => poll(what, read, ms, 20);

/** A step that does not answer fails the test with its name instead of a bare 30 s timeout. */
function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms: ${what}`)), ms))),
  ]).finally(() => clearTimeout(timer));
}

const run = Math.random().toString(36).slice(2, 8);
let seq = 0;
const uid = (p: string) => `${p}-${run}-${++seq}`;

/**
 * Two FloorPulse processes and a real redis-server: the stored-events bus makes them one floor (windows,
 * rules, frequency cap), claims make each side effect happen once. Embedded project: each process has
 * its own chDB. Server project: both share one database on a ClickHouse server, the production shape.
 */
describe('several server processes behave as one floor', () => {
  let redis: ChildProcess | undefined;
  let redisPort = 0;
  /** On the same port every time: a restarted Redis is where the processes reconnect. */
  const startRedis = async () => {
    const r = await startRedisServer(redisPort || undefined);
    redisPort = r.port;
    redis = r.proc;
  };
  const procs: { proc: ChildProcess; url: string }[] = [];
  const url = (i: number) => procs[i]!.url;
  const ingest = async (i: number, events: object[]) => {
    const res = await within(post(`${url(i)}/api/v1/events`, events), 5000, `ingest on ${i}`);
    expect(res.status).toBe(200);
    expect(res.body.rejected).toEqual([]);
    return res.body as { accepted: number; duplicates: number };
  };
  const rates = async (i: number, scope: string) =>
    (await within(get(`${url(i)}/api/v1/rates?scope=${encodeURIComponent(scope)}&window=15m`), 5000, `rates on ${i}`)).body as {
      counts: Record<string, number>;
    };
  const alerts = async (i: number) => (await get(`${url(i)}/api/v1/alerts`, TOKENS.SUPERVISOR_TOKEN)).body.alerts as Alert[];
  const replies = new Map<string, (rows: Record<string, unknown>[]) => void>();
  /** One number from a process's own ClickHouse (the child answers on stdout; test ids only, no user input). */
  const count = (i: number, sql: string) =>
    within(
      new Promise<number>((resolve) => {
        const reply = uid('q');
        replies.set(reply, (rows) => resolve(Number(Object.values(rows[0]!)[0])));
        procs[i]!.proc.stdin!.write(`${JSON.stringify({ query: sql, reply })}\n`);
      }),
      5000,
      `${sql} on ${i}`,
    );
  /**
   * A count over the whole floor: one query in the `server` project (both processes write one database,
   * as in production), the sum of both processes' own embedded stores otherwise.
   */
  const shared = testClickHouse() !== undefined;
  const across = async (sql: string) => (shared ? count(0, sql) : (await count(0, sql)) + (await count(1, sql)));
  const screens = screenPool();
  const screen = (i: number, token: string) => screens.connect(url(i), { token });

  beforeAll(async () => {
    await startRedis();
    for (const p of await startChildServers(['a', 'b'], 'cluster', { REDIS_URL: `redis://127.0.0.1:${redisPort}` })) {
      procs.push(p);
      createInterface({ input: p.proc.stdout! }).on('line', (l) => {
        const m = JSON.parse(l) as { reply?: string; rows?: Record<string, unknown>[] };
        if (m.reply && m.rows) replies.get(m.reply)?.(m.rows);
      });
    }
  });
  afterAll(async () => {
    screens.closeAll();
    await Promise.all(procs.map((p) => stopChild(p.proc)));
    await stopChild(redis);
  });

  it('shows the same live rates on B as on A when events are ingested on both', async () => {
    const team = uid('rates');
    const now = Date.now();
    const call = (i: number, agent: string, talk: number, outcome?: string) => {
      const callId = uid('c');
      const ts = now - 60_000 + i * 1000;
      return [
        {
          id: uid('e'),
          type: 'call.dialed',
          ts,
          teamId: team,
          agentId: agent,
          callId,
          channel: 'human',
          phone: `+86138${String(i).padStart(8, '0')}`,
        },
        { id: uid('e'), type: 'call.answered', ts: ts + 100, teamId: team, agentId: agent, callId },
        {
          id: uid('e'),
          type: 'call.ended',
          ts: ts + 200,
          teamId: team,
          agentId: agent,
          callId,
          answered: true,
          talkSeconds: talk,
          hangupBy: 'customer',
        },
        ...(outcome ? [{ id: uid('e'), type: 'call.outcome', ts: ts + 300, teamId: team, agentId: agent, callId, outcome }] : []),
      ];
    };
    const onA = [...call(1, `${team}-x`, 10), ...call(2, `${team}-x`, 95, 'lead'), ...call(3, `${team}-y`, 40)];
    const onB = [...call(4, `${team}-y`, 200), ...call(5, `${team}-x`, 5)];
    await ingest(0, onA);
    await ingest(1, onB);

    const teamA = await eventually(
      async () => {
        const r = await rates(0, `team:${team}`);
        return r.counts.dialed === 5 ? r : null;
      },
      5000,
      "A to count B's dials",
    );
    const teamB = await eventually(
      async () => {
        const r = await rates(1, `team:${team}`);
        return r.counts.dialed === 5 ? r : null;
      },
      5000,
      "B to count A's dials",
    );
    expect(teamB.counts).toEqual(teamA.counts);
    expect(teamA.counts).toMatchObject({ dialed: 5, answered: 5, ended: 5, leads: 1 });
    for (const scope of ['floor', `agent:${team}-x`, `agent:${team}-y`, 'channel:human'])
      expect((await rates(1, scope)).counts).toEqual((await rates(0, scope)).counts);
    // A re-send of A's events to B is a duplicate on B too: the bus told B their ids.
    expect(await ingest(1, onA.slice(0, 3))).toEqual({ accepted: 0, duplicates: 3, rejected: [] });
  });

  it('celebrates a sale ingested on A exactly once on screens of A and of B', async () => {
    const wallA = await screen(0, TOKENS.VIEWER_TOKEN);
    const wallB = await screen(1, TOKENS.VIEWER_TOKEN);
    const seenA = record<Celebration>(wallA, 'celebration');
    const seenB = record<Celebration>(wallB, 'celebration');
    const team = uid('sales');
    const sale = (agentId: string) => ({
      id: uid('sale'),
      type: 'call.outcome',
      ts: Date.now() - 1000,
      teamId: team,
      agentId,
      callId: uid('c'),
      outcome: 'sale',
    });
    const first = sale(`${team}-x`);
    await ingest(0, [first]);
    // B has folded A's batch into its windows, so its rules stage has that batch queued before the next one.
    await eventually(async () => ((await rates(1, `team:${team}`)).counts.sales === 1 ? true : null), 5000, 'the sale on B');
    const second = sale(`${team}-y`);
    await ingest(1, [second]);
    await until(
      () => seenA.some((c) => c.data.id === `sale:${second.id}`) && seenB.some((c) => c.data.id === `sale:${second.id}`),
      5000,
      'the second sale on both screens',
    );
    // Barrier: whatever either process emitted before has reached both screens.
    await Promise.all([wallA, wallB].map((w) => w.emitWithAck('unsubscribe', { scope: 'floor', window: '15m' })));
    expect(seenA.map((c) => c.data.id)).toEqual([`sale:${first.id}`, `sale:${second.id}`]);
    expect(seenB.map((c) => c.data.id)).toEqual([`sale:${first.id}`, `sale:${second.id}`]);
    expect(await across(`SELECT count() FROM celebrations WHERE id IN ('sale:${first.id}', 'sale:${second.id}')`)).toBe(2);
  });

  it('awards a sale\'s points once, and both processes\' totals agree (docs/metrics.md, "Points")', async () => {
    const team = uid('points');
    const callId = uid('c');
    const agentId = `${team}-p`;
    await ingest(0, [{ id: uid('sale'), type: 'call.outcome', ts: Date.now() - 1000, teamId: team, agentId, callId, outcome: 'sale' }]);
    const total = async (i: number) => {
      const body = (await get(`${url(i)}/api/v1/points?scope=team:${team}`, TOKENS.SUPERVISOR_TOKEN)).body as {
        totals: { agentId: string; points: number }[];
      };
      return body.totals.find((t) => t.agentId === agentId)?.points ?? null;
    };
    for (const i of [0, 1]) await eventually(async () => ((await total(i)) === 20 ? true : null), 5000, `the points on ${i}`);
    // Each process judges every stored batch (the bus); one ClickHouse or two, the award is one id in each.
    for (const i of [0, 1])
      expect(await count(i, `SELECT count() FROM points_ledger FINAL WHERE id = 'sale:${agentId}:${callId}'`)).toBe(1);
  });

  describe('an agent alert (a violation flag ingested on A)', () => {
    const team = uid('alerts');
    const flag = {
      id: uid('flag'),
      type: 'compliance.flag',
      ts: Date.now() - 1000,
      teamId: team,
      agentId: `${team}-x`,
      callId: uid('c'),
      rule: 'script',
      severity: 'violation',
    };
    const alertId = `violation:${flag.id}`;
    // Other alerts (metric rules over earlier tests' numbers) may open meanwhile: only this one is counted.
    const mine = (seen: { data: Alert }[]) => seen.filter((c) => c.data.id === alertId);
    const rows = (where = '') => across(`SELECT count() FROM alerts WHERE id = '${alertId}'${where}`);
    let bossA: ReturnType<typeof record<Alert>>;
    let bossB: ReturnType<typeof record<Alert>>;
    let updA: ReturnType<typeof record<Alert>>;
    let updB: ReturnType<typeof record<Alert>>;

    it('is opened once across both processes and listed on both', async () => {
      const [a, b] = [await screen(0, TOKENS.SUPERVISOR_TOKEN), await screen(1, TOKENS.SUPERVISOR_TOKEN)];
      [bossA, bossB, updA, updB] = [
        record<Alert>(a, 'alert:new'),
        record<Alert>(b, 'alert:new'),
        record<Alert>(a, 'alert:update'),
        record<Alert>(b, 'alert:update'),
      ];
      await ingest(0, [flag]);
      for (const i of [0, 1]) {
        const listed = await eventually(
          async () => (await alerts(i)).find((x) => x.id === alertId) ?? null,
          5000,
          `the alert on process ${i}`,
        );
        expect(listed).toMatchObject({ status: 'open', level: 'agent', agentId: `${team}-x`, ruleId: 'violation' });
      }
      await until(() => mine(bossA).length > 0 && mine(bossB).length > 0, 5000, 'alert:new on both screens');
    });

    it('an ack on B shows on A; of two resolves at once on A and B one wins, one is refused', async () => {
      const ack = await post(`${url(1)}/api/v1/alerts/${encodeURIComponent(alertId)}/ack`, { note: 'on it' }, TOKENS.SUPERVISOR_TOKEN);
      expect(ack.status).toBe(200);
      const onA = await eventually(
        async () => {
          const x = (await alerts(0)).find((y) => y.id === alertId);
          return x?.status === 'acknowledged' ? x : null;
        },
        5000,
        'the ack on A',
      );
      expect(onA).toMatchObject({ status: 'acknowledged', note: 'on it' });

      const both = await Promise.all(
        [0, 1].map((i) => post(`${url(i)}/api/v1/alerts/${encodeURIComponent(alertId)}/resolve`, {}, TOKENS.SUPERVISOR_TOKEN)),
      );
      expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
      for (const i of [0, 1])
        await eventually(
          async () => ((await alerts(i)).find((y) => y.id === alertId)?.status === 'resolved' ? true : null),
          5000,
          `resolved on ${i}`,
        );
      await until(() => mine(updA).length >= 2 && mine(updB).length >= 2, 5000, 'ack and resolve on both screens');
      await Promise.all(screens.open.map((s) => s.emitWithAck('unsubscribe', { scope: 'floor', window: '15m' })));
      // Each screen saw the opening once and each transition once, whichever process made it.
      for (const seen of [bossA, bossB]) expect(mine(seen).length).toBe(1);
      // Transitions made on different processes travel different Redis connections and may cross: screens keep the newer
      // updatedAt (as web/src/composables/useAlerts.ts does), which ends on 'resolved' everywhere.
      for (const seen of [updA, updB]) {
        expect(
          mine(seen)
            .map((c) => c.data.status)
            .sort(),
        ).toEqual(['acknowledged', 'resolved']);
        const shown = mine(seen).reduce((a, c) => (Date.parse(c.data.updatedAt) >= Date.parse(a.data.updatedAt) ? c : a));
        expect(shown.data.status).toBe('resolved');
      }
      // One row per transition across the floor: open, ack, resolve, each written by one process.
      expect(await rows()).toBe(3);
      expect(await rows(' AND seq = 1')).toBe(1);
      expect(await rows(" AND transition = 'ack'")).toBe(1);
      // The ack was B's (with a store of its own, B's store holds it).
      if (!shared) expect(await count(1, `SELECT count() FROM alerts WHERE id = '${alertId}' AND transition = 'ack'`)).toBe(1);
    });
  });

  it('two violations by one agent, ingested at once on A and B, make one grouped alert on both processes', async () => {
    const agent = `${uid('grp')}-y`;
    const flagOn = (callId: string) => ({
      id: uid('flag'),
      type: 'compliance.flag',
      ts: Date.now() - 1000,
      teamId: 'grp',
      agentId: agent,
      callId,
      rule: 'script',
      severity: 'violation',
    });
    await Promise.all([ingest(0, [flagOn(uid('c'))]), ingest(1, [flagOn(uid('c'))])]);
    for (const i of [0, 1]) {
      const group = await eventually(
        async () => {
          const mine = (await alerts(i)).filter((a) => a.agentId === agent);
          return mine.length === 1 && mine[0]!.evidence.count === 2 ? mine : null;
        },
        5000,
        `one group of two on process ${i}`,
      );
      expect(group).toHaveLength(1);
    }
    // One opening across the floor, whichever process made it, and one join.
    expect(await across(`SELECT count() FROM alerts WHERE agent_id = '${agent}' AND transition = 'open'`)).toBe(1);
    expect(await across(`SELECT count() FROM alerts WHERE agent_id = '${agent}' AND transition = 'join'`)).toBe(1);
  });

  it('counts dials of one phone through A and B for the frequency cap: the 4th, through B, is a violation', async () => {
    const team = uid('cap');
    const phone = '+8613911112222';
    const dial = (callId: string, ts: number) => ({
      id: uid('d'),
      type: 'call.dialed',
      ts,
      teamId: team,
      agentId: `${team}-x`,
      callId,
      channel: 'human',
      phone,
    });
    const calls = [uid('c'), uid('c'), uid('c'), uid('c')];
    const t0 = Date.now() - 120_000;
    await ingest(
      0,
      calls.slice(0, 3).map((c, i) => dial(c, t0 + i * 10_000)),
    );
    await eventually(async () => ((await rates(1, `team:${team}`)).counts.dialed === 3 ? true : null), 5000, 'B to see the 3 dials');
    await ingest(1, [dial(calls[3]!, t0 + 30_000)]);
    // The cap's violation opens its alert once, visible on both (and B's writes are done before we read its store:
    // the embedded chDB mishandles a query that runs alongside an insert, see the report).
    // Alerts are grouped per (rule, agent): the cap's call is in this agent's violation alert, opened by it or
    // joining one an earlier finding opened (outside_hours, when the suite runs after the calling hours).
    const capAlert = (list: Alert[]) =>
      list.find((a) => a.ruleId === 'violation' && a.agentId === `${team}-x` && a.evidence.callIds?.includes(calls[3]!));
    for (const i of [0, 1]) await eventually(async () => (capAlert(await alerts(i)) ? true : null), 5000, `the cap alert on ${i}`);
    // One cap flag on the floor, for the 4th dial (B's: with stores of their own, A's holds none).
    expect(await across(`SELECT count() FROM call_events WHERE rule = 'frequency_cap' AND team_id = '${team}'`)).toBe(1);
    expect(await across(`SELECT count() FROM call_events WHERE id = 'fp:frequency_cap:${calls[3]}'`)).toBe(1);
    if (!shared) expect(await count(0, `SELECT count() FROM call_events WHERE rule = 'frequency_cap' AND team_id = '${team}'`)).toBe(0);
    const onA = await eventually(
      async () => {
        const r = await rates(0, `team:${team}`);
        return r.counts.dialed === 4 ? r : null;
      },
      5000,
      'A to see the 4th dial',
    );
    expect(onA.counts).toEqual((await rates(1, `team:${team}`)).counts);
    // One group opened for the agent across the floor, by whichever finding came first.
    expect(await across(`SELECT count() FROM alerts WHERE agent_id = '${team}-x' AND transition = 'open'`)).toBe(1);
  });

  it('keeps each process serving its own events while Redis is down, and joins them again when it is back', async () => {
    const team = uid('outage');
    const wallA = await screen(0, TOKENS.VIEWER_TOKEN);
    const seenA = record<Celebration>(wallA, 'celebration');
    const event = (type: 'call.dialed' | 'call.outcome') =>
      type === 'call.dialed'
        ? { id: uid('d'), type, ts: Date.now() - 1000, teamId: team, agentId: `${team}-x`, callId: uid('c'), channel: 'human' }
        : { id: uid('s'), type, ts: Date.now() - 1000, teamId: team, agentId: `${team}-x`, callId: uid('c'), outcome: 'sale' };
    await stopChild(redis);
    const sale = event('call.outcome');
    await ingest(0, [event('call.dialed'), sale]);
    expect((await rates(0, `team:${team}`)).counts).toMatchObject({ dialed: 1, sales: 1 });
    // Claims fail open: A alone saw the sale, A alone celebrates it.
    await until(() => seenA.some((c) => c.data.id === `sale:${sale.id}`), 5000, 'the sale celebrated on A during the outage');
    expect((await rates(1, `team:${team}`)).counts.dialed).toBe(0);

    await startRedis();
    // Pub/sub is at-most-once: batches published before A's connection is back are lost to B; later ones arrive.
    let sent = 1;
    await eventually(
      async () => {
        // One event, sent until a 200 says it is in (accepted, or a duplicate of an attempt whose answer was
        // lost): a keep-alive socket the server had just closed resets the next request (ECONNRESET, 1 CI run in ~10).
        const dial = event('call.dialed');
        for (let attempt = 0; ; attempt++) {
          try {
            await ingest(0, [dial]);
            break;
          } catch (err) {
            const reset = /ECONNRESET/.test(String((err as { cause?: unknown }).cause ?? err));
            if (!reset || attempt >= 2) throw err;
          }
        }
        sent++;
        return (await rates(1, `team:${team}`)).counts.dialed! > 0 ? true : null;
      },
      15_000,
      "B to receive A's batches again",
    );
    expect((await rates(0, `team:${team}`)).counts.dialed).toBe(sent);
    expect((await rates(1, `team:${team}`)).counts.dialed).toBeLessThan(sent); // the outage's dial is not replayed
  });
});
