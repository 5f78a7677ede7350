import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYST_COLUMNS, PRIVATE_COLUMNS, PRIVATE_TABLES } from '../../server/src/analyst/analyst-views.js';
import type { Store } from '../../server/src/storage/clickhouse.js';
import { openSchemaStore } from '../helpers/server.js';

/** Every column of every table is either shared with analysts or private, by a decision written down. */
let store: Store;
beforeAll(async () => {
  store = await openSchemaStore('analyst-views');
});
afterAll(async () => {
  await store.close();
});

async function columns(database: string): Promise<Map<string, string[]>> {
  const rs = await store.client.query({
    query:
      'SELECT table, groupArray(name) AS names FROM (SELECT table, name FROM system.columns WHERE database = {db:String} ORDER BY table, position) GROUP BY table',
    query_params: { db: database },
    format: 'JSONEachRow',
  });
  return new Map((await rs.json<{ table: string; names: string[] }>()).map((r) => [r.table, r.names]));
}

describe("the analysts' views", () => {
  it('cover every table but the private ones, and every column is shared or private', async () => {
    const tables = await columns(store.database);
    expect(tables.get('call_events')).toBeDefined();
    for (const [table, names] of tables) {
      if (table.endsWith('_mv') || PRIVATE_TABLES.includes(table)) continue;
      const shared = ANALYST_COLUMNS[table];
      expect(shared, `${table} has no analyst view and is not declared private`).toBeDefined();
      const undecided = names.filter((n) => !shared!.includes(n) && !(PRIVATE_COLUMNS[table] ?? []).includes(n));
      expect(undecided, `columns of ${table} neither shared nor private`).toEqual([]);
    }
  });

  it('hold exactly the shared columns, never phone_hash', async () => {
    const views = await columns(store.analystDatabase);
    for (const [table, shared] of Object.entries(ANALYST_COLUMNS)) expect(views.get(table)).toEqual(shared);
    expect([...views.values()].flat()).not.toContain('phone_hash');
  });

  it('are readable by the analyst user, the tables are not', async () => {
    const own = await store.analyst!.query({ query: 'SELECT count() AS n FROM call_events', format: 'JSONEachRow' });
    expect(await own.json()).toHaveLength(1);
    await expect(
      store.analyst!.query({ query: `SELECT count() FROM ${store.database}.call_events`, format: 'JSONEachRow' }),
    ).rejects.toThrow(/privileges/i);
  });
});
