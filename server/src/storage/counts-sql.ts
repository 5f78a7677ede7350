import { type Counts, emptyCounts } from '@floorpulse/shared';

/**
 * The counts of docs/metrics.md as aggregates over `call_events AS e`: one text for the live
 * rates' reference SQL, the history charts and the hourly rules, so they can never disagree.
 * `e.answered` is qualified because the output alias `answered` would otherwise shadow the column.
 * Thresholds are bound parameters: {earlyHangupSeconds:Float64}, {effectiveSeconds:Float64}.
 */
export const COUNT_COLUMNS = `
  countIf(type = 'call.dialed') AS dialed,
  countIf(type = 'call.answered') AS answered,
  countIf(type = 'call.ended' AND e.answered) AS ended,
  countIf(type = 'call.ended' AND e.answered AND hangup_by = 'customer' AND talk_seconds < {earlyHangupSeconds:Float64}) AS earlyHangups,
  countIf(type = 'call.ended' AND e.answered AND talk_seconds >= {effectiveSeconds:Float64}) AS effective,
  countIf(type = 'call.outcome' AND outcome = 'sale') AS sales,
  countIf(type = 'call.outcome' AND outcome = 'lead') AS leads,
  uniqExactIf(call_id, type = 'compliance.flag' AND severity = 'violation') AS violations,
  countIf(type = 'compliance.flag' AND severity = 'reminder') AS reminders,
  countIf(type = 'compliance.flag' AND rule = 'complaint') AS complaints,
  sumIf(talk_seconds, type = 'call.ended' AND e.answered) AS talkSeconds,
  countIf(type = 'call.dialed' AND lead_call_id != '') AS hotLeadDialed,
  countIf(type = 'call.answered' AND lead_call_id != '') AS hotLeadAnswered,
  countIf(type = 'call.outcome' AND outcome = 'sale' AND lead_call_id != '') AS hotLeadSales,
  countIf(type = 'call.outcome' AND outcome = 'lead' AND channel = 'robot') AS robotLeads,
  countIf(type = 'call.rated') AS rated,
  sumIf(satisfaction, type = 'call.rated') AS satisfactionSum,
  countIf(type = 'qa.scored') AS qaScored,
  sumIf(qa_script, type = 'qa.scored') AS qaScriptSum,
  sumIf(qa_discovery, type = 'qa.scored') AS qaDiscoverySum,
  sumIf(qa_attitude, type = 'qa.scored') AS qaAttitudeSum,
  sumIf(ifNull(amount, 0), type = 'call.outcome' AND outcome = 'sale') AS revenue,
  countIf(type = 'call.answered' AND answered_by = 'machine') AS machineAnswered,
  countIf(type = 'call.answered' AND answered_by != '') AS amdAnswered,
  countIf(type = 'call.ended' AND e.answered AND abandoned) AS abandoned,
  countIf(type = 'call.ended' AND e.answered AND abandon_reported) AS abandonReported`;

/**
 * The rates of docs/metrics.md over a subquery that selected COUNT_COLUMNS: NULL when the denominator is 0
 * or the numerator exceeds it ("No rate above 100 %"), as `computeRates` has it live.
 */
export const RATE_COLUMNS = `
  if(dialed = 0 OR answered > dialed, NULL, answered / dialed) AS connectRate,
  if(ended = 0 OR earlyHangups > ended, NULL, earlyHangups / ended) AS hangupRate,
  if(ended = 0 OR effective > ended, NULL, effective / ended) AS effectiveRate,
  if(answered = 0 OR sales > answered, NULL, sales / answered) AS conversionRate,
  if(dialed = 0 OR violations > dialed, NULL, 1 - violations / dialed) AS complianceRate,
  if(answered = 0 OR complaints > answered, NULL, complaints / answered) AS complaintRate,
  if(hotLeadAnswered = 0 OR hotLeadSales > hotLeadAnswered, NULL, hotLeadSales / hotLeadAnswered) AS hotLeadConversion,
  if(amdAnswered = 0 OR machineAnswered > amdAnswered, NULL, machineAnswered / amdAnswered) AS machineRate,
  if(abandonReported = 0 OR answered <= machineAnswered OR abandoned > answered - machineAnswered, NULL, abandoned / (answered - machineAnswered)) AS abandonRate`;

/** [from, to) in epoch ms: {from:Int64}, {to:Int64}. */
export const RANGE_FILTER = 'ts >= fromUnixTimestamp64Milli({from:Int64}) AND ts < fromUnixTimestamp64Milli({to:Int64})';

/** A scope as {kind:String} (floor | team | agent | channel) and {id:String}. */
export const SCOPE_FILTER = `multiIf({kind:String} = 'floor', true,
              {kind:String} = 'team', team_id = {id:String},
              {kind:String} = 'agent', agent_id = {id:String},
              channel = {id:String})`;

/** Integers as JSON numbers, not strings (counts stay far below 2^53). */
export const NUMBER_SETTINGS = { output_format_json_quote_64bit_integers: 0 } as const;

/** The Counts of a row that selected COUNT_COLUMNS. */
export function countsOf(row: Record<string, unknown> | undefined): Counts {
  const c = emptyCounts();
  for (const k of Object.keys(c) as (keyof Counts)[]) c[k] = Number(row?.[k] ?? 0);
  return c;
}
