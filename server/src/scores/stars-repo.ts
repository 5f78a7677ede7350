import type { ClickHouseClient } from '@clickhouse/client';
import { NUMBER_SETTINGS } from '../storage/counts-sql.js';
import { TABLES } from '../storage/tables.js';

export interface StarRow {
  weekStart: string;
  agentId: string;
  teamId: string;
  score: number;
  dialed: number;
  sales: number;
}

export async function insertStar(client: ClickHouseClient, s: StarRow, at: number): Promise<void> {
  await client.insert({
    table: TABLES.starsOfWeek,
    format: 'JSONEachRow',
    values: [
      {
        week_start: s.weekStart,
        agent_id: s.agentId,
        team_id: s.teamId,
        score: s.score,
        dialed: s.dialed,
        sales: s.sales,
        announced_at: at,
      },
    ],
  });
}

/** The stored week, if it was decided (FINAL: a week decided twice by a race keeps one row). */
export async function starOf(client: ClickHouseClient, weekStart: string): Promise<StarRow | null> {
  const rows = await read(client, 'WHERE week_start = {week:Date}', { week: weekStart });
  return rows[0] ?? null;
}

/** The last `n` weeks that have a star, newest first. */
export async function latestStars(client: ClickHouseClient, n: number): Promise<StarRow[]> {
  return read(client, 'ORDER BY week_start DESC LIMIT {n:UInt32}', { n });
}

async function read(client: ClickHouseClient, tail: string, params: Record<string, unknown>): Promise<StarRow[]> {
  const rs = await client.query({
    query: `SELECT toString(week_start) AS weekStart, agent_id AS agentId, team_id AS teamId, score, dialed, sales
            FROM ${TABLES.starsOfWeek} FINAL ${tail}`,
    query_params: params,
    format: 'JSONEachRow',
    clickhouse_settings: NUMBER_SETTINGS,
  });
  return (await rs.json<StarRow>()).map((r) => ({ ...r, score: Number(r.score), dialed: Number(r.dialed), sales: Number(r.sales) }));
}
