import { createClient, type ClickHouseClient } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/config.js';

/** Thrown when ClickHouse cannot be written or read; HTTP maps it to 503. */
export class StoreUnavailableError extends Error {}

export interface Store {
  client: ClickHouseClient;
  /** 'embedded' (chDB in this process) or 'server' (CLICKHOUSE_URL). */
  mode: 'embedded' | 'server';
  close(): Promise<void>;
}

/**
 * One way to ClickHouse: @clickhouse/client, over chDB in-process by default or a server when
 * CLICKHOUSE_URL is set. Same SQL in both. chDB binds one data directory per process.
 */
export async function openStore(config: Config): Promise<Store> {
  if (config.CLICKHOUSE_URL) {
    const admin = createClient({ url: config.CLICKHOUSE_URL, username: config.CLICKHOUSE_USER ?? 'default', password: config.CLICKHOUSE_PASSWORD ?? '' });
    // Identifier, validated as [A-Za-z_][A-Za-z0-9_]* by the config schema: DDL takes no bound parameters.
    await admin.command({ query: `CREATE DATABASE IF NOT EXISTS ${config.CLICKHOUSE_DATABASE}` });
    await admin.close();
    const client = createClient({
      url: config.CLICKHOUSE_URL,
      username: config.CLICKHOUSE_USER ?? 'default',
      password: config.CLICKHOUSE_PASSWORD ?? '',
      database: config.CLICKHOUSE_DATABASE,
    });
    return { client, mode: 'server', close: () => client.close() };
  }
  const dir = path.resolve(config.DATA_DIR, 'clickhouse');
  mkdirSync(dir, { recursive: true });
  // The embedded engine has its own data directory, so its `default` database is ours alone.
  // chdb types its Connection against @clickhouse/client-common 1.23.0 while the client bundles its own
  // copy; the shapes are the same at run time, the settings type differs only in newer keys.
  const connection = createChdbConnection({ path: dir }) as unknown as NonNullable<Parameters<typeof createClient>[0]>['connection'];
  const client = createClient({ connection });
  return { client, mode: 'embedded', close: () => client.close() };
}
