import type { ClickHouseClient } from '@clickhouse/client';
import { COUNT_KEYS, type Counts, inconsistentRates, type RateKey, type Scope, WINDOWS, type WindowName } from '@floorpulse/shared';
import type { WindowStore } from '../pipeline/windows/window-store.js';
import { countsFromSql } from '../storage/events-repo.js';

export interface Difference {
  scope: Scope;
  window: WindowName;
  from: string;
  to: string;
  /** Only the counts that differ. */
  live: Partial<Counts>;
  sql: Partial<Counts>;
}

export interface ReconcileReport {
  /** ISO time of the check. */
  at: string;
  checked: number;
  differences: Difference[];
  /**
   * Windows whose live counts equal SQL but hold more answers than dials (or the like): their rates are
   * withheld as "—" (docs/metrics.md, "No rate above 100 %"). Not a difference: information for the operator.
   */
  dataQuality: { scope: Scope; window: WindowName; rates: RateKey[] }[];
}

export interface ReconcileDeps {
  client: ClickHouseClient;
  windows: WindowStore;
  now: () => number;
  earlyHangupSeconds: number;
  effectiveSeconds: number;
}

/**
 * Every live window (floor, each team, each channel × 15m, 1h, today) against the reference SQL over
 * call_events for the exact [from, to) the live numbers report. A batch stored between the snapshot
 * and the query shows up as a difference, so a differing pair is checked again (up to 4 times) and
 * reported only if it differs every time.
 */
export async function reconcile(deps: ReconcileDeps): Promise<ReconcileReport> {
  const teams = [...deps.windows.scopes()].filter((s) => s.startsWith('team:')).sort();
  const scopes: Scope[] = ['floor', ...teams, 'channel:human', 'channel:robot'];
  const differences: Difference[] = [];
  const dataQuality: ReconcileReport['dataQuality'] = [];
  for (const scope of scopes) {
    for (const window of WINDOWS) {
      const rates = inconsistentRates(deps.windows.snapshot(scope, window, deps.now()).counts);
      if (rates.length > 0) dataQuality.push({ scope, window, rates });
      let diff: Difference | null = null;
      for (let attempt = 0; attempt < 4; attempt++) {
        diff = await compare(deps, scope, window);
        if (!diff) break;
      }
      if (diff) differences.push(diff);
    }
  }
  return { at: new Date(deps.now()).toISOString(), checked: scopes.length * WINDOWS.length, differences, dataQuality };
}

async function compare(deps: ReconcileDeps, scope: Scope, window: WindowName): Promise<Difference | null> {
  const snap = deps.windows.snapshot(scope, window, deps.now());
  const sql = await countsFromSql(deps.client, {
    scope,
    fromMs: Date.parse(snap.from),
    toMs: Date.parse(snap.to),
    earlyHangupSeconds: deps.earlyHangupSeconds,
    effectiveSeconds: deps.effectiveSeconds,
  });
  const live: Partial<Counts> = {};
  const fromSql: Partial<Counts> = {};
  for (const k of COUNT_KEYS) {
    // talkSeconds and revenue are float sums: summed in another order they may differ in the last bits.
    const same =
      k === 'talkSeconds' || k === 'revenue'
        ? Math.abs(snap.counts[k] - sql[k]) < 1e-6 * Math.max(1, Math.abs(sql[k]))
        : snap.counts[k] === sql[k];
    if (!same) {
      live[k] = snap.counts[k];
      fromSql[k] = sql[k];
    }
  }
  return Object.keys(live).length === 0 ? null : { scope, window, from: snap.from, to: snap.to, live, sql: fromSql };
}
