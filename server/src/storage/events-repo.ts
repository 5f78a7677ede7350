import type { ClickHouseClient } from '@clickhouse/client';
import { type Counts, type Scope, parseScope, type StoredEvent } from '@floorpulse/shared';
import { TABLES } from './tables.js';
import { fromRow, rowJson, toRow, withoutDefaults } from './event-rows.js';
import { rawInsertOf } from './clickhouse.js';
import { COUNT_COLUMNS, countsOf, NUMBER_SETTINGS, RANGE_FILTER, SCOPE_FILTER } from './counts-sql.js';

const SETTINGS = NUMBER_SETTINGS;

/**
 * One insert for the batch. Embedded (chDB): the JSONEachRow body is built as one string and handed to
 * the engine as a Buffer (`rawInsertOf`, see clickhouse.ts). Server: the same rows as objects through
 * @clickhouse/client. Both send `INSERT INTO call_events FORMAT JSONEachRow` with the same fields.
 */
export async function insertEvents(client: ClickHouseClient, events: readonly StoredEvent[], receivedAt: number): Promise<void> {
  if (events.length === 0) return;
  const raw = rawInsertOf(client);
  if (raw) {
    let body = '';
    for (const e of events) body += `${rowJson(e, receivedAt)}\n`;
    await raw(TABLES.events, 'JSONEachRow', Buffer.from(body));
    return;
  }
  const values = events.map((e) => withoutDefaults(toRow(e, receivedAt)));
  await client.insert({ table: TABLES.events, values, format: 'JSONEachRow' });
}

/** Ids accepted (received) since `sinceMs`: the dedupe memory is rebuilt from them at start. */
export async function loadRecentIds(client: ClickHouseClient, sinceMs: number): Promise<string[]> {
  const rs = await client.query({
    query: `SELECT id FROM ${TABLES.events} WHERE received_at >= fromUnixTimestamp64Milli({since:Int64})`,
    query_params: { since: sinceMs },
    format: 'JSONCompactEachRow',
  });
  return (await rs.json<[string]>()).map((r) => r[0]);
}

/**
 * Of these events, the ids already stored (for events older than the in-memory dedupe horizon).
 * Bounded by their ts range: the sort key starts with the hour, so a late batch reads the hours it
 * covers instead of every id ever stored (a re-send carries its event's own ts).
 */
export async function storedIds(client: ClickHouseClient, events: readonly { id: string; ts: number }[]): Promise<Set<string>> {
  if (events.length === 0) return new Set();
  let from = Infinity;
  let to = -Infinity;
  for (const e of events) {
    if (e.ts < from) from = e.ts;
    if (e.ts > to) to = e.ts;
  }
  const rs = await client.query({
    query: `SELECT DISTINCT id FROM ${TABLES.events}
      WHERE ts >= fromUnixTimestamp64Milli({from:Int64}) AND ts <= fromUnixTimestamp64Milli({to:Int64}) AND id IN {ids:Array(String)}`,
    query_params: { from, to, ids: events.map((e) => e.id) },
    format: 'JSONCompactEachRow',
  });
  return new Set((await rs.json<[string]>()).map((r) => r[0]));
}

/** Every event with ts in [from, to), oldest first: the live windows are rebuilt from these at start. */
export async function* eventsBetween(client: ClickHouseClient, fromMs: number, toMs: number, pageSize = 100_000): AsyncGenerator<StoredEvent[]> {
  let cursorTs = fromMs;
  let cursorId = '';
  for (;;) {
    const rs = await client.query({
      query: `SELECT id, type, toUnixTimestamp64Milli(ts) AS ts_ms, team_id, agent_id, campaign_id, call_id, channel, phone_hash,
                     toUnixTimestamp64Milli(consent_expires_at) AS consent_ms, answered, talk_seconds, hangup_by, outcome,
                     amount, rule, severity, state, message, derived
              FROM ${TABLES.events}
              WHERE (ts, id) > (fromUnixTimestamp64Milli({cursorTs:Int64}), {cursorId:String})
                AND ts >= fromUnixTimestamp64Milli({from:Int64}) AND ts < fromUnixTimestamp64Milli({to:Int64})
              ORDER BY ts, id
              LIMIT {limit:UInt32}`,
      query_params: { cursorTs, cursorId, from: fromMs, to: toMs, limit: pageSize },
      format: 'JSONEachRow',
      clickhouse_settings: SETTINGS,
    });
    const rows = await rs.json<Parameters<typeof fromRow>[0]>();
    if (rows.length === 0) return;
    const events = rows.map(fromRow);
    yield events;
    const last = events[events.length - 1]!;
    cursorTs = last.ts;
    cursorId = last.id;
    if (rows.length < pageSize) return;
  }
}

/** The latest channel each agent dialled on: an event that arrives before its call's dial takes its agent's channel. */
export async function agentChannels(client: ClickHouseClient): Promise<Map<string, 'human' | 'robot'>> {
  const rs = await client.query({
    query: `SELECT agent_id, argMax(channel, ts) AS channel FROM ${TABLES.events} WHERE type = 'call.dialed' GROUP BY agent_id`,
    format: 'JSONCompactEachRow',
  });
  return new Map((await rs.json<[string, 'human' | 'robot']>()).map(([a, c]) => [a, c]));
}

export interface WindowQuery {
  scope: Scope;
  fromMs: number;
  toMs: number;
  earlyHangupSeconds: number;
  effectiveSeconds: number;
}

/**
 * The reference SQL of the live rates (docs/metrics.md): the counts of one scope over [from, to)
 * straight from call_events. The live pipeline must always equal this.
 */
export const WINDOW_COUNTS_SQL = `
SELECT${COUNT_COLUMNS}
FROM ${TABLES.events} AS e
WHERE ${RANGE_FILTER}
  AND ${SCOPE_FILTER}`;

export async function countsFromSql(client: ClickHouseClient, q: WindowQuery): Promise<Counts> {
  const s = parseScope(q.scope);
  const rs = await client.query({
    query: WINDOW_COUNTS_SQL,
    query_params: {
      from: q.fromMs, to: q.toMs, kind: s.kind, id: 'id' in s ? s.id : '',
      earlyHangupSeconds: q.earlyHangupSeconds, effectiveSeconds: q.effectiveSeconds,
    },
    format: 'JSONEachRow',
    clickhouse_settings: SETTINGS,
  });
  return countsOf((await rs.json<Record<string, number>>())[0]);
}
