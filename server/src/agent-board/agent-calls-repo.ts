import type { ClickHouseClient } from '@clickhouse/client';
import type { AgentCall, AgentCallsAnswer } from '@floorpulse/shared';
import { NUMBER_SETTINGS } from '../storage/counts-sql.js';
import { TABLES } from '../storage/tables.js';

/** 2 hours: the drill-down's "what has this agent's last stretch looked like" (issue 14, docs/web.md). */
export const AGENT_CALLS_HOURS = 2;
/** 1,000 calls: a robot line dials ~800 a day; two hours of any line fit with room to spare. */
export const AGENT_CALLS_LIMIT = 1000;

/**
 * One row per call of the agent with an event in [from, to): when it was dialed, whether it connected,
 * its talk time, its last outcome, its compliance findings and whether a recording was sent. No phone
 * column and no recording URL: the answer goes to a browser (the link is opened through its own route).
 */
export const AGENT_CALLS_SQL = `SELECT call_id,
  toUnixTimestamp64Milli(if(countIf(type = 'call.dialed') > 0, minIf(ts, type = 'call.dialed'), min(ts))) AS at_ms,
  countIf(type = 'call.ended') > 0 AS has_ended,
  maxIf(talk_seconds, type = 'call.ended') AS talk,
  countIf(type = 'call.answered' OR (type = 'call.ended' AND ifNull(answered, false))) > 0 AS was_answered,
  argMaxIf(outcome, ts, type = 'call.outcome') AS last_outcome,
  groupUniqArrayIf((rule, severity), type = 'compliance.flag') AS flags,
  countIf(type = 'call.ended' AND recording_url != '') > 0 AS has_recording
FROM ${TABLES.events}
WHERE agent_id = {agentId:String} AND call_id != ''
  AND ts >= fromUnixTimestamp64Milli({from:Int64}) AND ts < fromUnixTimestamp64Milli({to:Int64})
GROUP BY call_id
ORDER BY at_ms DESC, call_id
LIMIT {limit:UInt32}`;

interface Row {
  call_id: string;
  at_ms: number;
  has_ended: boolean | number;
  talk: number;
  was_answered: boolean | number;
  last_outcome: string;
  flags: [string, string][];
  has_recording: boolean | number;
}

export async function agentCalls(client: ClickHouseClient, q: { agentId: string; now: number }): Promise<AgentCallsAnswer> {
  const params = { agentId: q.agentId, from: q.now - AGENT_CALLS_HOURS * 3_600_000, to: q.now + 1, limit: AGENT_CALLS_LIMIT };
  const rs = await client.query({
    query: AGENT_CALLS_SQL,
    query_params: params,
    format: 'JSONEachRow',
    clickhouse_settings: NUMBER_SETTINGS,
  });
  const calls = (await rs.json<Row>()).map(
    (r): AgentCall => ({
      callId: r.call_id,
      at: new Date(Number(r.at_ms)).toISOString(),
      talkSeconds: r.has_ended ? Number(r.talk) : null,
      answered: Boolean(r.was_answered),
      outcome: r.last_outcome,
      flags: r.flags
        .map(([rule, severity]) => ({ rule, severity }))
        .sort((a, b) => a.rule.localeCompare(b.rule) || a.severity.localeCompare(b.severity)),
      hasRecording: Boolean(r.has_recording),
    }),
  );
  return {
    sql: AGENT_CALLS_SQL,
    params,
    agentId: q.agentId,
    from: new Date(params.from).toISOString(),
    to: new Date(params.to).toISOString(),
    calls,
  };
}
