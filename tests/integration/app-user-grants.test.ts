import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../server/src/storage/clickhouse.js';
import { openSchemaStore } from '../helpers/server.js';

/**
 * FloorPulse's own ClickHouse user (deploy/clickhouse/users.d/floorpulse.xml) holds only what the
 * server needs: its own databases, the analysts' views, and reading system tables. A leaked app
 * password (or a bug that lets text reach a query) must not become the whole server: no users, no
 * grants, no files, no network, no other databases. Runs in both projects, since the embedded
 * engine loads the same users.d.
 */
let store: Store;
beforeAll(async () => {
  store = await openSchemaStore('app-grants');
});
afterAll(async () => {
  await store.close();
});

const REFUSED: { what: string; sql: string }[] = [
  { what: 'create a user', sql: "CREATE USER intruder IDENTIFIED BY 'x'" },
  { what: 'change the analyst', sql: "ALTER USER analyst IDENTIFIED BY 'x'" },
  { what: 'grant itself everything', sql: 'GRANT ALL ON *.* TO floorpulse' },
  { what: 'grant the analyst the tables', sql: 'GRANT SELECT ON floorpulse*.* TO analyst' },
  { what: 'read a file', sql: "SELECT * FROM file('/etc/passwd', 'RawBLOB')" },
  { what: 'write a file', sql: "SELECT 1 INTO OUTFILE '/tmp/fp-app-grants.txt'" },
  { what: 'fetch a URL', sql: "SELECT * FROM url('http://127.0.0.1:1/', 'RawBLOB')" },
  { what: 'reach another server', sql: "SELECT * FROM remote('127.0.0.1', system.one)" },
  { what: 'create a database outside its names', sql: 'CREATE DATABASE intruder_db' },
  { what: 'use a table engine it does not need', sql: 'CREATE TABLE {db}.x (a UInt8) ENGINE = File(RawBLOB)' },
  { what: 'write into the default database', sql: 'CREATE TABLE default.x (a UInt8) ENGINE = MergeTree ORDER BY a' },
  { what: 'stop the server', sql: 'SYSTEM SHUTDOWN' },
  { what: 'drop its own database', sql: 'DROP DATABASE {db}' },
];

describe("the app's ClickHouse user", () => {
  it('reads and writes its own tables', async () => {
    const rs = await store.client.query({ query: 'SELECT count() AS n FROM call_events', format: 'JSONEachRow' });
    expect(await rs.json()).toEqual([{ n: expect.anything() }]);
  });

  for (const { what, sql } of REFUSED) {
    it(`may not ${what}`, async () => {
      const query = sql.replaceAll('{db}', store.database);
      await expect(store.client.command({ query })).rejects.toThrow(/privileges|not allowed|ACCESS_DENIED|readonly/i);
    });
  }

  // executable() has no grant of its own in ClickHouse: what stops it is that it runs only scripts from
  // the engine's user_scripts folder, which FloorPulse never creates, and nothing here can write files.
  it('may not run a program outside the (empty) user scripts folder', async () => {
    await expect(store.client.command({ query: "SELECT * FROM executable('/usr/bin/id', 'RawBLOB', 'x String')" })).rejects.toThrow(
      /user scripts folder/i,
    );
  });

  it('still holds its database and the users afterwards', async () => {
    const rs = await store.client.query({
      query: 'SELECT name FROM system.users ORDER BY name',
      format: 'JSONEachRow',
    });
    const names = (await rs.json<{ name: string }>()).map((r) => r.name);
    expect(names).not.toContain('intruder');
    const db = await store.client.query({
      query: 'SELECT count() AS n FROM system.databases WHERE name = {db:String}',
      query_params: { db: store.database },
      format: 'JSONEachRow',
    });
    expect(await db.json()).toEqual([{ n: 1 }]);
  });
});
