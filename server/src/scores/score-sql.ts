import type { ClickHouseClient } from '@clickhouse/client';
import { KPI_PARTS, QUALITY_PARTS, type ScoreCounts, type ScoreTargets, type ScoreWeights } from '@floorpulse/shared';
import { NUMBER_SETTINGS } from '../storage/counts-sql.js';
import { TABLES } from '../storage/tables.js';

/**
 * Both weighted scores of every agent over [from, to), in ONE query over call_events (docs/metrics.md,
 * "Weighted scores": this text is quoted there). The inner query counts per agent, the outer one
 * normalises each part to [0, 1] (NULL: no data) and takes the weighted mean over the parts with data.
 * Every value is a bound parameter; {agent:String} '' means every agent.
 */
export const SCORES_SQL = `
SELECT agent_id, dialed, answered, sales, violations, rated, satisfactionSum, qaScored,
  qaScriptSum, qaDiscoverySum, qaAttitudeSum, daysDialed,
  if(daysDialed = 0, NULL, least(1, dialed / ({dailyDials:Float64} * daysDialed))) AS volume,
  if(answered = 0 OR sales > answered, NULL, least(1, sales / answered / {conversionTarget:Float64})) AS conversion,
  if(rated = 0, NULL, (satisfactionSum / rated - 1) / 4) AS satisfaction,
  if(dialed = 0 OR violations > dialed, NULL, 1 - violations / dialed) AS compliance,
  if(qaScored = 0, NULL, qaScriptSum / qaScored / 100) AS script,
  if(qaScored = 0, NULL, qaDiscoverySum / qaScored / 100) AS discovery,
  if(qaScored = 0, NULL, qaAttitudeSum / qaScored / 100) AS attitude,
  100 * (ifNull(volume, 0) * {wVolume:Float64} + ifNull(conversion, 0) * {wConversion:Float64}
       + ifNull(satisfaction, 0) * {wSatisfaction:Float64} + ifNull(compliance, 0) * {wCompliance:Float64})
    / nullIf(isNotNull(volume) * {wVolume:Float64} + isNotNull(conversion) * {wConversion:Float64}
       + isNotNull(satisfaction) * {wSatisfaction:Float64} + isNotNull(compliance) * {wCompliance:Float64}, 0) AS kpi,
  100 * (ifNull(script, 0) * {wScript:Float64} + ifNull(discovery, 0) * {wDiscovery:Float64} + ifNull(attitude, 0) * {wAttitude:Float64})
    / nullIf(isNotNull(script) * {wScript:Float64} + isNotNull(discovery) * {wDiscovery:Float64}
       + isNotNull(attitude) * {wAttitude:Float64}, 0) AS quality
FROM (
  SELECT agent_id,
    countIf(type = 'call.dialed') AS dialed,
    countIf(type = 'call.answered') AS answered,
    countIf(type = 'call.outcome' AND outcome = 'sale') AS sales,
    uniqExactIf(call_id, type = 'compliance.flag' AND severity = 'violation') AS violations,
    countIf(type = 'call.rated') AS rated,
    sumIf(satisfaction, type = 'call.rated') AS satisfactionSum,
    countIf(type = 'qa.scored') AS qaScored,
    sumIf(qa_script, type = 'qa.scored') AS qaScriptSum,
    sumIf(qa_discovery, type = 'qa.scored') AS qaDiscoverySum,
    sumIf(qa_attitude, type = 'qa.scored') AS qaAttitudeSum,
    uniqExactIf(toDate(ts, {zone:String}), type = 'call.dialed') AS daysDialed
  FROM ${TABLES.events}
  WHERE ts >= fromUnixTimestamp64Milli({from:Int64}) AND ts < fromUnixTimestamp64Milli({to:Int64})
    AND agent_id != '' AND ({agent:String} = '' OR agent_id = {agent:String})
  GROUP BY agent_id
)
ORDER BY agent_id`;

/** One row of SCORES_SQL: the counts, each part and both scores as ClickHouse computed them. */
export interface ScoreRow {
  agentId: string;
  counts: ScoreCounts;
  parts: Record<string, number | null>;
  kpi: number | null;
  quality: number | null;
}

const COUNT_KEYS = [
  'dialed',
  'answered',
  'sales',
  'violations',
  'rated',
  'satisfactionSum',
  'qaScored',
  'qaScriptSum',
  'qaDiscoverySum',
  'qaAttitudeSum',
  'daysDialed',
] as const;

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export async function queryScores(
  client: ClickHouseClient,
  q: { from: number; to: number; zone: string; agent?: string; weights: ScoreWeights; targets: ScoreTargets },
): Promise<ScoreRow[]> {
  const w = q.weights;
  const rs = await client.query({
    query: SCORES_SQL,
    query_params: {
      from: q.from,
      to: q.to,
      zone: q.zone,
      agent: q.agent ?? '',
      dailyDials: q.targets.dailyDials,
      conversionTarget: q.targets.conversion,
      wVolume: w.kpi.volume,
      wConversion: w.kpi.conversion,
      wSatisfaction: w.kpi.satisfaction,
      wCompliance: w.kpi.compliance,
      wScript: w.quality.script,
      wDiscovery: w.quality.discovery,
      wAttitude: w.quality.attitude,
    },
    format: 'JSONEachRow',
    clickhouse_settings: NUMBER_SETTINGS,
  });
  const rows = await rs.json<Record<string, unknown>>();
  return rows.map((r) => ({
    agentId: String(r.agent_id),
    counts: Object.fromEntries(COUNT_KEYS.map((k) => [k, Number(r[k])])) as unknown as ScoreCounts,
    parts: Object.fromEntries([...KPI_PARTS, ...QUALITY_PARTS].map((p) => [p, num(r[p])])),
    kpi: num(r.kpi),
    quality: num(r.quality),
  }));
}
