import { Readable } from 'node:stream';
import type { ClickHouseClient, ResultSet } from '@clickhouse/client';
import { type Counts, parseScope, RATE_KEYS, type Rates, type Scope, type StoredEvent } from '@floorpulse/shared';
import { COUNT_COLUMNS, countsOf, NUMBER_SETTINGS, RANGE_FILTER, RATE_COLUMNS, SCOPE_FILTER } from './counts-sql.js';
import { fromRow, rowJson } from './event-rows.js';
import { TABLES } from './tables.js';

const SETTINGS = NUMBER_SETTINGS;

/**
 * One insert for the batch: the JSONEachRow body is built as one string (rowJson) and sent as the
 * request body, instead of row objects the client would encode one by one (bench/micro-costs.ts).
 * The body is parsed into one block before anything is written (input_format_parallel_parsing=0 and a
 * block larger than any batch): a row ClickHouse refuses leaves none of the others behind.
 */
export async function insertEvents(client: ClickHouseClient, events: readonly StoredEvent[], receivedAt: number): Promise<void> {
  if (events.length === 0) return;
  let body = '';
  for (const e of events) body += `${rowJson(e, receivedAt)}\n`;
  const result = await client.exec({
    query: `INSERT INTO ${TABLES.events} FORMAT JSONEachRow`,
    values: Readable.from([Buffer.from(body)]),
    clickhouse_settings: { input_format_parallel_parsing: 0, max_insert_block_size: String(Math.max(events.length, 1_048_576)) },
  });
  result.stream.resume();
  await new Promise<void>((resolve, reject) => result.stream.once('end', resolve).once('error', reject));
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
  const found = new Set<string>();
  for (const chunk of byParamSize(events)) {
    let from = Infinity;
    let to = -Infinity;
    for (const e of chunk) {
      if (e.ts < from) from = e.ts;
      if (e.ts > to) to = e.ts;
    }
    const rs = await client.query({
      query: `SELECT DISTINCT id FROM ${TABLES.events}
        WHERE ts >= fromUnixTimestamp64Milli({from:Int64}) AND ts <= fromUnixTimestamp64Milli({to:Int64}) AND id IN {ids:Array(String)}`,
      query_params: { from, to, ids: chunk.map((e) => e.id) },
      format: 'JSONCompactEachRow',
    });
    for (const [id] of await rs.json<[string]>()) found.add(id);
  }
  return found;
}

/**
 * 60 KB of ids per query, as sent: bound parameters travel URL-encoded in HTTP form fields, and
 * ClickHouse refuses a field over http_max_field_value_size (128 KiB by default; "Field value too
 * long"), on a server as on the engine.
 */
const MAX_PARAM_BYTES = 60_000;

function* byParamSize<T extends { id: string }>(items: readonly T[]): Generator<T[]> {
  let chunk: T[] = [];
  let bytes = 0;
  for (const item of items) {
    // As the client sends it: quoted, escaped, comma-separated, then URL-encoded.
    const size = encodeURIComponent(`'${item.id.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}',`).length;
    if (chunk.length > 0 && bytes + size > MAX_PARAM_BYTES) {
      yield chunk;
      chunk = [];
      bytes = 0;
    }
    chunk.push(item);
    bytes += size;
  }
  if (chunk.length > 0) yield chunk;
}

const EVENT_COLUMNS = `id, type, toUnixTimestamp64Milli(ts) AS ts_ms, team_id, agent_id, campaign_id, call_id, channel, lead_call_id, phone_hash,
  toUnixTimestamp64Milli(consent_expires_at) AS consent_ms, answered, answered_by, abandoned, abandon_reported, recording_url, talk_seconds, hangup_by, outcome,
  amount, rule, severity, state, state_reason, message, satisfaction, qa_script, qa_discovery, qa_attitude, derived`;

/**
 * Keyset pages over [from, to) in one of two orders, each page starting after the last row of the one before:
 * - `time`: ts, id — what a replay needs (the backtest). Each page sorts all that remains, so a
 *   whole hour of a big floor costs pages × rows (7.2 M events: ~100 s on chDB);
 * - `store`: the table's own sort key (hour, team, agent, ts, id), read in order, each page only its
 *   rows (the same 7.2 M: ~25 s). Within an hour the agents come one after another, each in time order.
 */
const ORDERS = {
  time: { key: 'ts, id', cursor: (e: StoredEvent) => ({ ts: e.ts, id: e.id }) },
  store: {
    key: 'toStartOfHour(ts), team_id, agent_id, ts, id',
    cursor: (e: StoredEvent) => ({ ts: e.ts, id: e.id, team: e.teamId, agent: e.agentId }),
  },
} as const;

async function* eventPages(
  client: ClickHouseClient,
  order: keyof typeof ORDERS,
  fromMs: number,
  toMs: number,
  pageSize: number,
): AsyncGenerator<StoredEvent[]> {
  const { key } = ORDERS[order];
  const after =
    order === 'time'
      ? '(ts, id) > (fromUnixTimestamp64Milli({ts:Int64}), {id:String})'
      : '(toStartOfHour(ts), team_id, agent_id, ts, id) > (toStartOfHour(fromUnixTimestamp64Milli({ts:Int64})), {team:String}, {agent:String}, fromUnixTimestamp64Milli({ts:Int64}), {id:String})';
  let cursor: Record<string, string | number> | null = null;
  for (;;) {
    const rs: ResultSet<'JSONEachRow'> = await client.query({
      query: `SELECT ${EVENT_COLUMNS}
              FROM ${TABLES.events}
              WHERE ts >= fromUnixTimestamp64Milli({from:Int64}) AND ts < fromUnixTimestamp64Milli({to:Int64})
                ${cursor ? `AND ${after}` : ''}
              ORDER BY ${key}
              LIMIT {limit:UInt32}`,
      query_params: { ...cursor, from: fromMs, to: toMs, limit: pageSize },
      format: 'JSONEachRow',
      clickhouse_settings: SETTINGS,
    });
    const rows: Parameters<typeof fromRow>[0][] = await rs.json();
    if (rows.length === 0) return;
    const events: StoredEvent[] = rows.map(fromRow);
    yield events;
    cursor = ORDERS[order].cursor(events[events.length - 1]!);
    if (rows.length < pageSize) return;
  }
}

/** Every event with ts in [from, to), oldest first (a replay: the backtest). */
export function eventsBetween(client: ClickHouseClient, fromMs: number, toMs: number, pageSize = 100_000): AsyncGenerator<StoredEvent[]> {
  return eventPages(client, 'time', fromMs, toMs, pageSize);
}

/** Every event with ts in [from, to), in the table's order: the live windows are rebuilt from these at start. */
export function eventsInStoreOrder(
  client: ClickHouseClient,
  fromMs: number,
  toMs: number,
  pageSize = 100_000,
): AsyncGenerator<StoredEvent[]> {
  return eventPages(client, 'store', fromMs, toMs, pageSize);
}

/** One (team, agent, channel)'s counts over a range, as the live windows would sum them. */
export interface GroupCounts {
  teamId: string;
  agentId: string;
  /** '' when its events carry none (then no channel scope, as live). */
  channel: string;
  counts: Counts;
}

/**
 * [from, to) summed per (team, agent, channel) in ClickHouse, with the same COUNT_COLUMNS the reference
 * SQL uses: a restart rebuilds the part of today older than the sliding hour from these (one row per
 * agent) instead of replaying every event of the day. Only groups with an event that counts in a window
 * (as `contributionOf` has it), so no scope appears that live ingest would not have made.
 * `violations` here is per group; the store counts distinct calls from `violationFlagsBetween` instead.
 */
export async function groupCountsBetween(
  client: ClickHouseClient,
  q: { fromMs: number; toMs: number; earlyHangupSeconds: number; effectiveSeconds: number },
): Promise<GroupCounts[]> {
  const rs = await client.query({
    query: `SELECT team_id, agent_id, channel, ${COUNT_COLUMNS}
            FROM ${TABLES.events} AS e
            WHERE ${RANGE_FILTER}
            GROUP BY team_id, agent_id, channel
            HAVING countIf(type IN ('call.dialed', 'call.answered', 'compliance.flag', 'call.rated', 'qa.scored')
                           OR (type = 'call.ended' AND e.answered)
                           OR (type = 'call.outcome' AND outcome IN ('sale', 'lead'))) > 0`,
    query_params: { from: q.fromMs, to: q.toMs, earlyHangupSeconds: q.earlyHangupSeconds, effectiveSeconds: q.effectiveSeconds },
    format: 'JSONEachRow',
    clickhouse_settings: SETTINGS,
  });
  return (await rs.json<Record<string, unknown> & { team_id: string; agent_id: string; channel: string }>()).map((r) => ({
    teamId: r.team_id,
    agentId: r.agent_id,
    channel: r.channel,
    counts: countsOf(r),
  }));
}

/**
 * Hot-lead follow-up dials since `sinceMs`, oldest first: a restart relearns which calls are follow-ups,
 * so a follow-up's answer and sale that arrive after it are still stamped (docs/metrics.md, "Hot leads").
 * Bounded like the resolver's own memory.
 */
export async function followUpDialsSince(client: ClickHouseClient, sinceMs: number, limit = 200_000): Promise<StoredEvent[]> {
  const rs = await client.query({
    query: `SELECT ${EVENT_COLUMNS} FROM ${TABLES.events}
            WHERE ts >= fromUnixTimestamp64Milli({since:Int64}) AND type = 'call.dialed' AND lead_call_id != ''
            ORDER BY ts DESC LIMIT {limit:UInt32}`,
    query_params: { since: sinceMs, limit },
    format: 'JSONEachRow',
    clickhouse_settings: SETTINGS,
  });
  return (await rs.json<Parameters<typeof fromRow>[0]>()).map(fromRow).reverse();
}

/** Violation flags in [from, to): the distinct-call count of `violations` needs each call, not a sum. */
export async function violationFlagsBetween(client: ClickHouseClient, fromMs: number, toMs: number): Promise<StoredEvent[]> {
  const rs = await client.query({
    query: `SELECT ${EVENT_COLUMNS} FROM ${TABLES.events}
            WHERE ${RANGE_FILTER} AND type = 'compliance.flag' AND severity = 'violation'`,
    query_params: { from: fromMs, to: toMs },
    format: 'JSONEachRow',
    clickhouse_settings: SETTINGS,
  });
  return (await rs.json<Parameters<typeof fromRow>[0]>()).map(fromRow);
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

function windowParams(q: WindowQuery) {
  const s = parseScope(q.scope);
  return {
    from: q.fromMs,
    to: q.toMs,
    kind: s.kind,
    id: 'id' in s ? s.id : '',
    earlyHangupSeconds: q.earlyHangupSeconds,
    effectiveSeconds: q.effectiveSeconds,
  };
}

/** The rates of docs/metrics.md in SQL over the reference counts: what `computeRates` must equal. */
export async function ratesFromSql(client: ClickHouseClient, q: WindowQuery): Promise<Rates> {
  const rs = await client.query({
    query: `SELECT${RATE_COLUMNS} FROM (${WINDOW_COUNTS_SQL})`,
    query_params: windowParams(q),
    format: 'JSONEachRow',
    clickhouse_settings: SETTINGS,
  });
  const row = (await rs.json<Record<string, number | null>>())[0];
  return Object.fromEntries(RATE_KEYS.map((k) => [k, row?.[k] ?? null])) as unknown as Rates;
}

export async function countsFromSql(client: ClickHouseClient, q: WindowQuery): Promise<Counts> {
  const rs = await client.query({
    query: WINDOW_COUNTS_SQL,
    query_params: windowParams(q),
    format: 'JSONEachRow',
    clickhouse_settings: SETTINGS,
  });
  return countsOf((await rs.json<Record<string, number>>())[0]);
}
