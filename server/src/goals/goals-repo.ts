import type { ClickHouseClient } from '@clickhouse/client';
import { NUMBER_SETTINGS } from '../storage/counts-sql.js';
import { TABLES } from '../storage/tables.js';

export interface GoalRow {
  id: string;
  scope: string;
  metric: string;
  period: string;
  target: number;
}

/** Writes a whole goal set under a new version (the marker row with id '' makes an empty set a set). */
export async function insertGoalSet(client: ClickHouseClient, version: number, by: string, goals: readonly GoalRow[]): Promise<void> {
  const marker = { version, by, id: '', scope: '', metric: '', period: '', target: 0 };
  await client.insert({ table: TABLES.goals, format: 'JSONEachRow', values: [marker, ...goals.map((g) => ({ version, by, ...g }))] });
}

/** The goals of the latest version, and that version (0 when none was ever set). */
export async function loadGoals(client: ClickHouseClient): Promise<{ version: number; goals: GoalRow[] }> {
  const rs = await client.query({
    query: `SELECT version, id, scope, metric, period, target FROM ${TABLES.goals}
            WHERE version = (SELECT max(version) FROM ${TABLES.goals}) ORDER BY id`,
    format: 'JSONEachRow',
    clickhouse_settings: NUMBER_SETTINGS,
  });
  const rows = await rs.json<GoalRow & { version: number }>();
  return {
    version: Number(rows[0]?.version ?? 0),
    goals: rows
      .filter((r) => r.id !== '')
      .map(({ id, scope, metric, period, target }) => ({ id, scope, metric, period, target: Number(target) })),
  };
}
