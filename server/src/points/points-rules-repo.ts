import type { ClickHouseClient } from '@clickhouse/client';
import { POINTS_RULES, type PointsRules } from '@floorpulse/shared';
import { TABLES } from '../storage/tables.js';

export const POINTS_RULE_KEYS = [...POINTS_RULES, 'streakDays'] as const satisfies readonly (keyof PointsRules)[];

export interface StoredPointsRules {
  values: Partial<PointsRules>;
  updatedAt: number | null;
  updatedBy: string | null;
}

/** The latest value of each key an admin set (argMax: the ReplacingMergeTree may not have merged yet). */
export async function loadPointsRules(client: ClickHouseClient): Promise<StoredPointsRules> {
  const rs = await client.query({
    query: `SELECT key, argMax(points, updated_at) AS points, toUnixTimestamp64Milli(max(updated_at)) AS at,
              argMax(updated_by, updated_at) AS by
            FROM ${TABLES.pointsRules} GROUP BY key`,
    format: 'JSONEachRow',
  });
  const rows = await rs.json<{ key: string; points: number; at: string | number; by: string }>();
  const values: Partial<PointsRules> = {};
  let updatedAt: number | null = null;
  let updatedBy: string | null = null;
  for (const r of rows) {
    if (!(POINTS_RULE_KEYS as readonly string[]).includes(r.key)) continue;
    values[r.key as keyof PointsRules] = Number(r.points);
    if (updatedAt === null || Number(r.at) > updatedAt) {
      updatedAt = Number(r.at);
      updatedBy = r.by;
    }
  }
  return { values, updatedAt, updatedBy };
}

/** Every key, one row each, at one time: a change is the whole set, so a reader never sees half of one. */
export async function savePointsRules(client: ClickHouseClient, rules: PointsRules, at: number, by: string): Promise<void> {
  await client.insert({
    table: TABLES.pointsRules,
    format: 'JSONEachRow',
    values: POINTS_RULE_KEYS.map((key) => ({ key, points: rules[key], updated_at: at, updated_by: by })),
  });
}
