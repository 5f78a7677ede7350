import type { ClickHouseClient } from '@clickhouse/client';
import { TABLES } from '../../server/src/storage/tables.js';
import { newHistogram, type Percentiles, percentilesMs } from './histogram.js';

const SETTINGS = { output_format_json_quote_64bit_integers: 0 } as const;

async function one<T>(client: ClickHouseClient, query: string, params: Record<string, unknown> = {}): Promise<T> {
  const rs = await client.query({ query, query_params: params, format: 'JSONEachRow', clickhouse_settings: SETTINGS });
  return (await rs.json<T>())[0]!;
}

/** Rows stored, distinct ids, and ids stored more than once: "nothing lost, nothing doubled". */
export async function countRows(client: ClickHouseClient, prefix: string): Promise<{ rows: number; distinctIds: number }> {
  return one(
    client,
    `SELECT count() AS rows, uniqExact(id) AS distinctIds FROM ${TABLES.events} WHERE startsWith(id, {prefix:String}) AND NOT derived`,
    { prefix },
  );
}

/**
 * Fills call_events with `rows` synthetic events spread evenly over [fromMs, toMs) for `agents` agents in
 * `teams` teams, inside ClickHouse (INSERT … SELECT FROM numbers(): no JSON, no network). The event mix
 * follows the load generator's proportions. The agent_minute materialized view fills at the same time.
 */
export async function seedEvents(
  client: ClickHouseClient,
  p: { rows: number; fromMs: number; toMs: number; agents: number; teams: number; prefix: string },
): Promise<{ seconds: number }> {
  const t0 = performance.now();
  const chunk = 10_000_000;
  for (let offset = 0; offset < p.rows; offset += chunk) {
    const n = Math.min(chunk, p.rows - offset);
    await client.command({
      query: `INSERT INTO ${TABLES.events} (id, type, ts, team_id, agent_id, call_id, channel, answered, talk_seconds, hangup_by, outcome, rule, severity, received_at)
        SELECT
          concat({prefix:String}, toString(n)) AS id,
          multiIf(k < 40, 'call.dialed', k < 56, 'call.answered', k < 90, 'call.ended', k < 96, 'call.outcome', k < 97, 'compliance.flag', 'agent.state') AS type,
          fromUnixTimestamp64Milli(toInt64({from:Int64} + intDiv(n * ({to:Int64} - {from:Int64}), {total:UInt64}))) AS ts,
          concat('t', toString(agent % {teams:UInt32})) AS team_id,
          concat('a', toString(agent)) AS agent_id,
          concat({prefix:String}, 'c', toString(intDiv(n, 3))) AS call_id,
          if(agent % 5 = 0, 'robot', 'human') AS channel,
          if(type = 'call.ended', k < 80, NULL) AS answered,
          if(type = 'call.ended' AND k < 80, toFloat64(cityHash64(n) % 330), 0) AS talk_seconds,
          if(type = 'call.ended', if(cityHash64(n, 1) % 10 < 3, 'customer', 'agent'), '') AS hangup_by,
          if(type = 'call.outcome', if(k < 92, 'sale', 'lead'), '') AS outcome,
          if(type = 'compliance.flag', 'complaint', '') AS rule,
          if(type = 'compliance.flag', 'reminder', '') AS severity,
          ts AS received_at
        FROM (SELECT number + {offset:UInt64} AS n, cityHash64(n, 2) % 100 AS k, cityHash64(n, 3) % {agents:UInt32} AS agent FROM numbers({n:UInt64}))`,
      query_params: { prefix: p.prefix, from: p.fromMs, to: p.toMs, total: p.rows, teams: p.teams, agents: p.agents, offset, n },
      clickhouse_settings: { max_insert_threads: 2, max_threads: 2 } as Record<string, string | number>,
    });
  }
  return { seconds: (performance.now() - t0) / 1000 };
}

/**
 * The analyst's history query: one team's 15-minute series over 7 days, counts and the inputs of every
 * rate, straight from call_events (the warehouse the wall must equal), timed `runs` times over
 * different teams (so no run reads only what the last one cached).
 */
export async function historySeries(
  client: ClickHouseClient,
  p: { toMs: number; teams: number; runs: number },
): Promise<Percentiles & { points: number }> {
  const h = newHistogram();
  let points = 0;
  for (let i = 0; i < p.runs; i++) {
    const team = `t${(i * 7919) % p.teams}`;
    const t0 = performance.now();
    const rs = await client.query({
      query: `SELECT toStartOfFifteenMinutes(ts) AS bucket,
                     countIf(type = 'call.dialed') AS dialed, countIf(type = 'call.answered') AS answered,
                     countIf(type = 'call.ended' AND e.answered) AS ended,
                     countIf(type = 'call.ended' AND e.answered AND hangup_by = 'customer' AND talk_seconds < 30) AS earlyHangups,
                     countIf(type = 'call.outcome' AND outcome = 'sale') AS sales
              FROM ${TABLES.events} AS e
              WHERE team_id = {team:String} AND ts >= fromUnixTimestamp64Milli({from:Int64}) AND ts < fromUnixTimestamp64Milli({to:Int64})
              GROUP BY bucket ORDER BY bucket`,
      query_params: { team, from: p.toMs - 7 * 86_400_000, to: p.toMs },
      format: 'JSONEachRow',
      clickhouse_settings: SETTINGS,
    });
    points = (await rs.json()).length;
    h.recordValue(Math.max(1, Math.round((performance.now() - t0) * 1000)));
  }
  return { ...percentilesMs(h), points };
}
