import type { ClickHouseClient } from '@clickhouse/client';
import { CHAMPION_METRICS, type Champion, type ChampionMetric, type ChampionPeriod } from '@floorpulse/shared';
import { localParts, localToUtc } from '../pipeline/time/local-day.js';
import { NUMBER_SETTINGS } from '../storage/counts-sql.js';
import { TABLES } from '../storage/tables.js';

/**
 * Per person over [from, to): sales, revenue (the sale amounts) and hot leads converted (sales on a
 * robot-screened lead's follow-up call), by each event's own ts, people's rows only (docs/metrics.md, "Champions").
 */
export const CHAMPIONS_SQL = `
SELECT agent_id,
  countIf(type = 'call.outcome' AND outcome = 'sale') AS sales,
  sumIf(ifNull(amount, 0), type = 'call.outcome' AND outcome = 'sale') AS revenue,
  countIf(type = 'call.outcome' AND outcome = 'sale' AND lead_call_id != '') AS hotLeads
FROM ${TABLES.events}
WHERE ts >= fromUnixTimestamp64Milli({from:Int64}) AND ts < fromUnixTimestamp64Milli({to:Int64})
  AND type = 'call.outcome' AND agent_id != '' AND channel != 'robot'
GROUP BY agent_id`;

export type ChampionTotals = { agentId: string } & Record<ChampionMetric, number>;

export async function championTotals(client: ClickHouseClient, from: number, to: number): Promise<ChampionTotals[]> {
  const rs = await client.query({
    query: CHAMPIONS_SQL,
    query_params: { from, to },
    format: 'JSONEachRow',
    clickhouse_settings: NUMBER_SETTINGS,
  });
  const rows = await rs.json<Record<string, unknown>>();
  return rows.map((r) => ({
    agentId: String(r.agent_id),
    sales: Number(r.sales),
    revenue: Number(r.revenue),
    hotLeads: Number(r.hotLeads),
  }));
}

/**
 * The champion of each metric: the most, above 0 (nobody with none is a champion: "—"); a tie goes to
 * more sales, then more revenue, then the smaller agent id.
 */
export function pickChampions(
  rows: readonly ChampionTotals[],
  o: { isRobot: (id: string) => boolean; nameOf: (id: string) => string; teamOf: (id: string) => string | undefined },
): Record<ChampionMetric, Champion | null> {
  const people = rows.filter((r) => !o.isRobot(r.agentId));
  const out = {} as Record<ChampionMetric, Champion | null>;
  for (const m of CHAMPION_METRICS) {
    const best = people
      .filter((r) => r[m] > 0)
      .sort((a, b) => b[m] - a[m] || b.sales - a.sales || b.revenue - a.revenue || (a.agentId < b.agentId ? -1 : 1))[0];
    out[m] = best ? { agentId: best.agentId, name: o.nameOf(best.agentId), teamId: o.teamOf(best.agentId) ?? '', value: best[m] } : null;
  }
  return out;
}

/** [from, to) of the month, quarter (Jan, Apr, Jul, Oct) or year holding `now`, from local midnight in `zone`. */
export function championRange(period: ChampionPeriod, now: number, zone: string): { from: number; to: number } {
  const p = localParts(now, zone);
  if (period === 'month') return { from: localToUtc(p.year, p.month, 1, 0, 0, zone), to: localToUtc(p.year, p.month + 1, 1, 0, 0, zone) };
  if (period === 'year') return { from: localToUtc(p.year, 1, 1, 0, 0, zone), to: localToUtc(p.year + 1, 1, 1, 0, 0, zone) };
  const q = Math.floor((p.month - 1) / 3) * 3 + 1;
  return { from: localToUtc(p.year, q, 1, 0, 0, zone), to: localToUtc(p.year, q + 3, 1, 0, 0, zone) };
}
