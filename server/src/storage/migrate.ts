import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ClickHouseClient } from '@clickhouse/client';
import { assetPath } from '../config/app-root.js';
import { TABLES } from './tables.js';

export interface MigrationResult {
  applied: string[];
  all: string[];
}

/**
 * Forward-only: applies every migrations/NNNN_*.sql not yet recorded, in name order, and records it.
 * `now`: the app's clock for applied_at (ClickHouse's own when absent); a migration's applied_at can mean
 * something, e.g. when phone hashes switched to E.164 (0008, storage/phone-hash-scheme.ts).
 */
export async function migrate(client: ClickHouseClient, retentionDays: number, now?: number, appRoot?: string): Promise<MigrationResult> {
  const dir = assetPath('migrations', appRoot);
  await client.command({
    query: `CREATE TABLE IF NOT EXISTS ${TABLES.migrations} (name String, applied_at DateTime64(3, 'UTC') DEFAULT now64(3)) ENGINE = MergeTree ORDER BY name`,
  });
  const done = new Set(
    (await (await client.query({ query: `SELECT name FROM ${TABLES.migrations}`, format: 'JSONEachRow' })).json<{ name: string }>()).map(
      (r) => r.name,
    ),
  );
  const all = readdirSync(dir)
    .filter((f) => /^\d{4}_.+\.sql$/.test(f))
    .sort();
  const applied: string[] = [];
  for (const name of all) {
    if (done.has(name)) continue;
    const sql = readFileSync(path.join(dir, name), 'utf8');
    for (const statement of splitStatements(sql)) await client.command({ query: statement });
    await client.insert({
      table: TABLES.migrations,
      values: [now === undefined ? { name } : { name, applied_at: now }],
      format: 'JSONEachRow',
    });
    applied.push(name);
  }
  // Retention is configuration (RETENTION_DAYS, an integer checked by the config schema);
  // DDL cannot take bound parameters, so the validated number is written into the statement.
  const days = Math.trunc(retentionDays);
  await client.command({ query: `ALTER TABLE ${TABLES.events} MODIFY TTL toDateTime(ts) + INTERVAL ${days} DAY` });
  await client.command({ query: `ALTER TABLE ${TABLES.agentMinute} MODIFY TTL minute + INTERVAL ${days} DAY` });
  return { applied, all };
}

function splitStatements(sql: string): string[] {
  return sql
    .split('\n')
    .filter((l) => !l.trim().startsWith('--'))
    .join('\n')
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
}
