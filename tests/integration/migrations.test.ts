import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/src/config/config.js';
import { openStore } from '../../server/src/storage/clickhouse.js';
import { migrate } from '../../server/src/storage/migrate.js';
import { clickhouseEnv } from '../helpers/clickhouse-mode.js';
import { STORE_DEPS, tempDataDir } from '../helpers/server.js';

describe('migrations', () => {
  it('apply every file to an empty database once, and nothing the second time', async () => {
    const config = loadConfig({ DATA_DIR: tempDataDir('migrations'), FLOOR_TZ: 'UTC', ...clickhouseEnv('migrations') });
    const store = await openStore(config, STORE_DEPS);
    const files = readdirSync(new URL('../../server/src/storage/migrations/', import.meta.url))
      .filter((f) => f.endsWith('.sql'))
      .sort();
    const first = await migrate(store.client, 400);
    expect(first.applied).toEqual(files);
    const second = await migrate(store.client, 400);
    expect(second.applied).toEqual([]);
    const tables = await (await store.client.query({ query: 'SHOW TABLES', format: 'JSONEachRow' })).json<{ name: string }>();
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['call_events', 'agent_minute', 'schema_migrations']));
    const ddl = await (await store.client.query({ query: 'SHOW CREATE TABLE call_events', format: 'TabSeparatedRaw' })).text();
    expect(ddl).toContain('toIntervalDay(400)');
    await store.close();
  });
});
