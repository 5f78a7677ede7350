import type { ClickHouseClient } from '@clickhouse/client';
import { TABLES } from '../storage/tables.js';

/**
 * Writes the settings readers outside FloorPulse need into floor_settings (migration 0011), at every
 * start: Grafana's dashboard reads floor_tz to bucket days in the floor's zone, as FloorPulse's own
 * pages do. Rewritten only when it changed, so the table stays one row per setting and a restart is free.
 */
export async function writeFloorSettings(client: ClickHouseClient, settings: { floorTz: string }, now: number): Promise<void> {
  const wanted: Record<string, string> = { floor_tz: settings.floorTz };
  const rs = await client.query({
    query: `SELECT name, argMax(value, updated_at) AS value FROM ${TABLES.floorSettings} GROUP BY name`,
    format: 'JSONEachRow',
  });
  const current = new Map((await rs.json<{ name: string; value: string }>()).map((r) => [r.name, r.value]));
  const changed = Object.entries(wanted).filter(([name, value]) => current.get(name) !== value);
  if (!changed.length) return;
  await client.insert({
    table: TABLES.floorSettings,
    values: changed.map(([name, value]) => ({ name, value, updated_at: now })),
    format: 'JSONEachRow',
  });
}
