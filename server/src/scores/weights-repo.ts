import type { ClickHouseClient } from '@clickhouse/client';
import { DEFAULT_WEIGHTS, KPI_PARTS, QUALITY_PARTS, type ScoreWeights } from '@floorpulse/shared';
import { NUMBER_SETTINGS } from '../storage/counts-sql.js';
import { TABLES } from '../storage/tables.js';

export interface StoredWeights {
  weights: ScoreWeights;
  version: number;
  by: string;
}

/** The weights of the highest version; version 0 and the material's defaults when none was ever set. */
export async function loadWeights(client: ClickHouseClient): Promise<StoredWeights> {
  const rs = await client.query({
    query: `SELECT version, by, score, part, weight FROM ${TABLES.scoreWeights}
            WHERE version = (SELECT max(version) FROM ${TABLES.scoreWeights})`,
    format: 'JSONEachRow',
    clickhouse_settings: NUMBER_SETTINGS,
  });
  const rows = await rs.json<{ version: number; by: string; score: string; part: string; weight: number }>();
  const first = rows[0];
  if (!first) return { weights: structuredClone(DEFAULT_WEIGHTS), version: 0, by: '' };
  const weights = structuredClone(DEFAULT_WEIGHTS);
  for (const r of rows) {
    if (r.score === 'kpi' && (KPI_PARTS as readonly string[]).includes(r.part))
      weights.kpi[r.part as keyof ScoreWeights['kpi']] = Number(r.weight);
    if (r.score === 'quality' && (QUALITY_PARTS as readonly string[]).includes(r.part))
      weights.quality[r.part as keyof ScoreWeights['quality']] = Number(r.weight);
  }
  return { weights, version: Number(first.version), by: first.by };
}

/** Writes both scores' weights under one new version (one insert: a reader never sees half a set). */
export async function insertWeights(client: ClickHouseClient, w: StoredWeights, at: number): Promise<void> {
  const row = (score: string, part: string, weight: number) => ({ version: w.version, by: w.by, at, score, part, weight });
  await client.insert({
    table: TABLES.scoreWeights,
    format: 'JSONEachRow',
    values: [
      ...KPI_PARTS.map((p) => row('kpi', p, w.weights.kpi[p])),
      ...QUALITY_PARTS.map((p) => row('quality', p, w.weights.quality[p])),
    ],
  });
}
