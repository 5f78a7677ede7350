import type { ClickHouseClient } from '@clickhouse/client';
import { TABLES } from '../tables.js';

/** The key of agent_minute; every other column is a sum (SummingMergeTree). */
const KEYS = ['minute', 'team_id', 'agent_id', 'channel'];
const VIEW = 'agent_minute_mv';

interface Shape {
  /** The view's own SELECT over call_events: what agent_minute must hold, by definition. */
  asSelect: string;
  sums: { name: string; float: boolean }[];
}

async function shapeOf(client: ClickHouseClient, database: string): Promise<Shape> {
  const view = await client.query({
    query: 'SELECT as_select FROM system.tables WHERE database = {database:String} AND name = {view:String}',
    query_params: { database, view: VIEW },
    format: 'JSONEachRow',
  });
  const [row] = await view.json<{ as_select: string }>();
  if (!row?.as_select) throw new Error(`${database}.${VIEW} is missing: agent_minute is no longer filled`);
  const cols = await client.query({
    query: 'SELECT name, type FROM system.columns WHERE database = {database:String} AND table = {table:String} ORDER BY position',
    query_params: { database, table: TABLES.agentMinute },
    format: 'JSONEachRow',
  });
  const sums = (await cols.json<{ name: string; type: string }>())
    .filter((c) => !KEYS.includes(c.name))
    .map((c) => ({ name: c.name, float: c.type.startsWith('Float') }));
  return { asSelect: row.as_select, sums };
}

/**
 * The minutes (epoch seconds) touched by events received since `sinceMs` where agent_minute differs from
 * what its view computes over call_events. Two inserts happen for every batch (the table's part, then
 * the view's): a process killed between them leaves the minute short. Rows whose sums are all zero are
 * left out on both sides (SummingMergeTree drops them when it merges), and talk seconds are compared
 * to the microsecond (a sum of floats depends on its order).
 */
export async function driftedMinutes(client: ClickHouseClient, database: string, sinceMs: number): Promise<number[]> {
  const { asSelect, sums } = await shapeOf(client, database);
  const value = (c: { name: string; float: boolean }, agg: boolean) => {
    const v = agg ? `sum(${c.name})` : c.name;
    return c.float ? `round(${v}, 6)` : `toUInt64(${v})`;
  };
  const zero = (agg: boolean) => sums.map((c) => `${agg ? `sum(${c.name})` : c.name} = 0`).join(' AND ');
  // Column names come from ClickHouse's own catalogue; the only value is a bound parameter.
  const live = `SELECT ${KEYS.join(', ')}, ${sums.map((c) => value(c, false)).join(', ')}
                FROM (${asSelect}) WHERE minute IN touched AND NOT (${zero(false)})`;
  const kept = `SELECT ${KEYS.join(', ')}, ${sums.map((c) => value(c, true)).join(', ')}
                FROM ${TABLES.agentMinute} WHERE minute IN touched
                GROUP BY ${KEYS.join(', ')} HAVING NOT (${zero(true)})`;
  const rs = await client.query({
    query: `WITH touched AS (SELECT DISTINCT toStartOfMinute(ts) FROM ${TABLES.events} WHERE received_at >= fromUnixTimestamp64Milli({since:Int64}))
            SELECT DISTINCT toUnixTimestamp(minute) AS m FROM ((${live} EXCEPT ${kept}) UNION ALL (${kept} EXCEPT ${live})) ORDER BY m`,
    query_params: { since: sinceMs },
    format: 'JSONCompactEachRow',
  });
  return (await rs.json<[number]>()).map((r) => Number(r[0]));
}

/** Rebuilds those minutes of agent_minute from call_events with the view's own SELECT (nothing else writes meanwhile: this runs before ingest opens). */
export async function rebuildMinutes(client: ClickHouseClient, database: string, minutes: readonly number[]): Promise<void> {
  if (minutes.length === 0) return;
  const { asSelect, sums } = await shapeOf(client, database);
  const columns = [...KEYS, ...sums.map((c) => c.name)].join(', ');
  // 4,000 minutes (under 50 KB) per statement: bound parameters travel in an HTTP form field of at most 128 KiB.
  for (let i = 0; i < minutes.length; i += 4000) {
    const chunk = minutes.slice(i, i + 4000);
    await client.command({
      query: `ALTER TABLE ${TABLES.agentMinute} DELETE WHERE toUnixTimestamp(minute) IN {minutes:Array(UInt32)}`,
      query_params: { minutes: chunk },
      clickhouse_settings: { mutations_sync: '1' },
    });
    await client.command({
      query: `INSERT INTO ${TABLES.agentMinute} (${columns}) SELECT ${columns} FROM (${asSelect}) WHERE toUnixTimestamp(minute) IN {minutes:Array(UInt32)}`,
      query_params: { minutes: chunk },
    });
  }
}
