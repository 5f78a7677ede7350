import { readdirSync, statSync, truncateSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { testClock } from '../helpers/clock.js';
import { get, post, startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';

/**
 * The integrity checks at start (storage/integrity/): missing parts, a changed phone-hash key and
 * agent_minute drifting from call_events each used to go unnoticed while /readyz said ready.
 */
const NOW = Date.parse('2026-11-20T03:00:00.000Z');
const KEY_A = { PHONE_HASH_SECRET: 'phone-key-a-0123456789abcdef' };
const KEY_B = { PHONE_HASH_SECRET: 'phone-key-b-0123456789abcdef' };

let server: TestServer | null = null;
afterEach(async () => {
  await server?.stopAll();
  server = null;
});

const dial = (i: number, extra: object = {}) => ({
  id: `d${i}`,
  type: 'call.dialed',
  ts: NOW - 60_000 * (i % 5) - i,
  teamId: 'north',
  agentId: `north-a${i % 3}`,
  callId: `c${i}`,
  channel: 'human',
  ...extra,
});

async function rows<T>(s: TestServer, query: string): Promise<T[]> {
  return (
    await s.store.client.query({ query, format: 'JSONEachRow', clickhouse_settings: { output_format_json_quote_64bit_integers: 0 } })
  ).json<T>();
}

/** agent_minute against a recount of call_events, minute by minute (what the check itself must agree with). */
async function minuteDiff(s: TestServer): Promise<unknown[]> {
  return rows(
    s,
    `SELECT minute, agent_id, d, a FROM (
      SELECT toStartOfMinute(ts) AS minute, agent_id, countIf(type = 'call.dialed') AS d FROM call_events GROUP BY minute, agent_id) AS e
    FULL OUTER JOIN (SELECT minute, agent_id, sum(dialed) AS a FROM agent_minute GROUP BY minute, agent_id) AS m USING (minute, agent_id)
    WHERE d != a`,
  );
}

async function metric(s: TestServer, name: string): Promise<string> {
  const text = await (await fetch(`${s.url}/metrics`, { headers: { authorization: `Bearer ${TOKENS.ADMIN_TOKEN}` } })).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith(name))
    .join('\n');
}

describe('agent_minute after an insert cut in two', () => {
  it('is rebuilt from call_events at the next start, and the repair is counted', async () => {
    const dataDir = tempDataDir('integrity-minute');
    server = await startServer({ dataDir, scheduler: testClock(NOW) });
    expect(
      (
        await post(
          `${server.url}/api/v1/events`,
          Array.from({ length: 40 }, (_, i) => dial(i)),
        )
      ).status,
    ).toBe(200);
    expect(await minuteDiff(server)).toEqual([]);
    // What a kill between the two writes of one insert leaves: call_events has the rows, agent_minute not.
    await server.store.client.command({
      query: "ALTER TABLE agent_minute DELETE WHERE agent_id = 'north-a1'",
      clickhouse_settings: { mutations_sync: '1' },
    });
    expect((await minuteDiff(server)).length).toBeGreaterThan(0);
    await server.stop();

    server = await startServer({ dataDir, scheduler: testClock(NOW + 60_000) });
    expect(await minuteDiff(server)).toEqual([]);
    expect(await metric(server, 'floorpulse_agent_minute_repaired_minutes')).toMatch(/floorpulse_agent_minute_repaired_minutes [1-9]/);
    expect((await get(`${server.url}/readyz`)).status).toBe(200);
  });
});

describe('a changed phone-hash key', () => {
  it('makes the server refuse to be ready and to ingest, until the key is back or accepted once', async () => {
    const dataDir = tempDataDir('integrity-key');
    server = await startServer({ dataDir, scheduler: testClock(NOW), env: KEY_A });
    expect((await post(`${server.url}/api/v1/events`, dial(1, { phone: '+8613910000001' }))).status).toBe(200);
    await server.stop();

    // secrets.json lost, or another PHONE_HASH_SECRET: the stored dials were hashed with key A.
    server = await startServer({ dataDir, scheduler: testClock(NOW), env: KEY_B });
    const ready = await get(`${server.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(ready.body.integrity).toEqual(['phone_hash_key']);
    const refused = await post(`${server.url}/api/v1/events`, dial(2, { phone: '+8613910000001' }));
    expect(refused.status).toBe(503);
    expect(refused.body.error).toContain('phone_hash_key');
    expect(await metric(server, 'floorpulse_integrity_problem{check="phone_hash_key"}')).toContain(' 1');
    await server.stop();

    server = await startServer({ dataDir, scheduler: testClock(NOW), env: KEY_A });
    expect((await get(`${server.url}/readyz`)).status).toBe(200);
    await server.stop();

    server = await startServer({ dataDir, scheduler: testClock(NOW), env: { ...KEY_B, ACCEPT_NEW_PHONE_HASH_KEY: 'yes' } });
    expect((await get(`${server.url}/readyz`)).status).toBe(200);
    await server.stop();
    // Accepted once, it is the key from then on.
    server = await startServer({ dataDir, scheduler: testClock(NOW), env: KEY_B });
    expect((await get(`${server.url}/readyz`)).status).toBe(200);
    expect((await post(`${server.url}/api/v1/events`, dial(3, { phone: '+8613910000001' }))).status).toBe(200);
  });
});

describe('a corrupt data part', () => {
  it('is noticed at start: not ready, no ingest, the log and /metrics say which check', async () => {
    const dataDir = tempDataDir('integrity-parts');
    server = await startServer({ dataDir, scheduler: testClock(NOW) });
    for (let b = 0; b < 3; b++) {
      expect(
        (
          await post(
            `${server.url}/api/v1/events`,
            Array.from({ length: 50 }, (_, i) => dial(b * 100 + i)),
          )
        ).status,
      ).toBe(200);
    }
    const [table] = await rows<{ path: string }>(
      server,
      "SELECT data_paths[1] AS path FROM system.tables WHERE database = currentDatabase() AND name = 'call_events'",
    );
    await server.stopAll();

    // Damage one part of call_events the way a disk does: a column file cut short.
    const part = readdirSync(table!.path).find((d) => /^\d+_\d+_\d+_\d+$/.test(d))!;
    const partDir = path.join(table!.path, part);
    const column = readdirSync(partDir)
      .filter((f) => f.endsWith('.bin'))
      .sort((a, b) => statSync(path.join(partDir, b)).size - statSync(path.join(partDir, a)).size)[0]!;
    truncateSync(path.join(partDir, column), 3);

    server = await startServer({ dataDir, scheduler: testClock(NOW) });
    const ready = await get(`${server.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(ready.body.integrity).toEqual(['detached_parts']);
    expect((await post(`${server.url}/api/v1/events`, dial(999))).status).toBe(503);
    expect(await metric(server, 'floorpulse_integrity_problem{check="detached_parts"}')).toContain(' 1');
  });
});
