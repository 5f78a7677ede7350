import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';

/** The ClickHouse server of the `server` test project (tests/setup/clickhouse-server.ts). */
export interface TestClickHouse {
  url: string;
  appPassword: string;
  analystPassword: string;
}

/** The server when this file runs in the `server` project; undefined in the `embedded` one. */
export function testClickHouse(): TestClickHouse | undefined {
  return inject('clickhouse');
}

/**
 * The environment that points FloorPulse at the run's ClickHouse server, with a database of its own
 * (`floorpulse_<name>_<random>`: users.d grants the app floorpulse* and the analyst analyst_*): empty
 * in the embedded project, where each data directory has its own engine. `database` reuses one, for
 * several processes of one floor or a restart of the same floor.
 */
export function clickhouseEnv(name: string, database?: string): Record<string, string> {
  const ch = testClickHouse();
  if (!ch) return {};
  return {
    CLICKHOUSE_URL: ch.url,
    CLICKHOUSE_USER: 'floorpulse',
    CLICKHOUSE_PASSWORD: ch.appPassword,
    CLICKHOUSE_ANALYST_PASSWORD: ch.analystPassword,
    CLICKHOUSE_DATABASE: database ?? databaseFor(name),
  };
}

/** A fresh database name for a test (identifier-safe). */
export function databaseFor(name: string): string {
  return `floorpulse_${name.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 40)}_${randomBytes(4).toString('hex')}`;
}
