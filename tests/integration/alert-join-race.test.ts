import type { Alert, AlertChange } from '@floorpulse/shared';
import { asyncScheduler, EMPTY, Subject } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertService, type OpenAlert } from '../../server/src/alerts/alert-service.js';
import type { Claims } from '../../server/src/cluster/claims.js';
import type { Store } from '../../server/src/storage/clickhouse.js';
import { eventually } from '../helpers/eventually.js';
import { openSchemaStore } from '../helpers/server.js';

/**
 * Two processes each see an occurrence of one open group at the same moment (one agent's calls ingested
 * through two processes): both try to write the group's next step, the claims let one of them, and the
 * other must join the newer state once it arrives rather than drop its occurrence (the count would be short).
 */
describe('grouped alerts across processes', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openSchemaStore('alert-join-race');
  });
  afterAll(async () => store.close());

  /** Redis's SET NX, in memory: the first claim of a key wins, as across processes. */
  function sharedClaims(): Claims {
    const held = new Map<string, string>();
    return {
      claim: async (key) => {
        if (held.has(key)) return false;
        held.set(key, 'x');
        return true;
      },
      release: async (key) => void held.delete(key),
      hold: async (key, value) => {
        if (!held.has(key)) held.set(key, value);
        return held.get(key)!;
      },
      drop: async (key, value) => void (held.get(key) === value && held.delete(key)),
    };
  }

  /** Two processes' alert services over one store and one set of claims, each one's transitions reaching the other a little later. */
  function twoProcesses(): [AlertService, AlertService] {
    const claims = sharedClaims();
    const services: AlertService[] = [];
    // The bus: a transition reaches the other process a little later, as over Redis pub/sub.
    const peersOf = (i: number) => ({
      publish: (alert: Alert, seq: number) => void setTimeout(() => void services[1 - i]!.applyPeer(alert, seq), 30),
      transitions$: EMPTY,
    });
    for (const i of [0, 1])
      services.push(
        new AlertService({
          client: store.client,
          scheduler: asyncScheduler,
          alerts$: new Subject<AlertChange>(),
          claims,
          peers: peersOf(i),
          maskNote: (n) => n,
          personName: () => undefined,
        }),
      );
    return services as [AlertService, AlertService];
  }

  it('an occurrence that loses the race for a step joins after the winner: no occurrence is lost', async () => {
    const [a, b] = twoProcesses();
    const input: OpenAlert = {
      id: 'occ-1',
      ruleId: 'early-hangups',
      level: 'agent',
      severity: 'warning',
      teamId: 'north',
      agentId: 'n1',
      title: 'early hang-up',
      evidence: { callIds: ['c1'], count: 1 },
    };
    const join = (call: string) => (cur: Alert, at: number) =>
      ({
        ...cur,
        updatedAt: new Date(at).toISOString(),
        evidence: { ...cur.evidence, callIds: [...(cur.evidence.callIds ?? []), call], count: (cur.evidence.count ?? 1) + 1 },
      }) as Alert;
    await a.openGrouped(input, join('c1'));
    await eventually('the opening mirrored to B', async () => ((await b.get('occ-1')) ? true : null), 2000);
    // The same step of the group, on both processes at once.
    await Promise.all([a.openGrouped({ ...input }, join('c2'), 'occ-2'), b.openGrouped({ ...input }, join('c3'), 'occ-3')]);
    await eventually(
      'both processes to hold the group of three',
      async () => {
        const [x, y] = [await a.get('occ-1'), await b.get('occ-1')];
        return x?.evidence.count === 3 && y?.evidence.count === 3 ? true : null;
      },
      5000,
    );
    expect([...((await a.get('occ-1'))?.evidence.callIds ?? [])].sort()).toEqual(['c1', 'c2', 'c3']);
  });

  it('one occurrence seen by both processes (each reads every stored event) joins the group once', async () => {
    const [a, b] = twoProcesses();
    const input: OpenAlert = {
      id: 'once-1',
      ruleId: 'early-hangups',
      level: 'agent',
      severity: 'warning',
      teamId: 'north',
      agentId: 'n2',
      title: 'early hang-up',
      evidence: { callIds: ['c1'], count: 1 },
    };
    const join = (cur: Alert, at: number) =>
      ({
        ...cur,
        updatedAt: new Date(at).toISOString(),
        evidence: { ...cur.evidence, callIds: [...(cur.evidence.callIds ?? []), 'c2'], count: (cur.evidence.count ?? 1) + 1 },
      }) as Alert;
    await a.openGrouped(input, join);
    await eventually('the opening mirrored to B', async () => ((await b.get('once-1')) ? true : null), 2000);
    // The second occurrence, evaluated by A (it ingested it) and by B (it came over the bus) at once.
    await Promise.all([a.openGrouped({ ...input }, join, 'once-2'), b.openGrouped({ ...input }, join, 'once-2')]);
    await eventually(
      'both processes to hold the group',
      async () => {
        const [x, y] = [await a.get('once-1'), await b.get('once-1')];
        return x?.evidence.count === 2 && y?.evidence.count === 2 ? true : null;
      },
      5000,
    );
    // Both are settled (each openGrouped returned): no later step may come.
    const joins = await store.client.query({
      query: "SELECT count() AS n FROM alerts WHERE id = 'once-1' AND transition = 'join'",
      format: 'JSONEachRow',
    });
    expect((await joins.json<{ n: number | string }>()).map((r) => Number(r.n))).toEqual([1]);
    expect((await a.get('once-1'))?.evidence.count).toBe(2);
    expect((await b.get('once-1'))?.evidence.count).toBe(2);
  });
});
