import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testClock } from '../helpers/clock.js';
import { get, post, startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';

/**
 * The analyst's SQL box against ClickHouse's own access control: the corpus of hostile SQL
 * (tests/fixtures/hostile-sql.json) as the attacks were sent, each refused by ClickHouse (grants,
 * readonly, constraints) or answered without anything private; then the floor still works.
 */
interface Hostile {
  attack: string;
  sql: string;
  /** refused: a 4xx; answers: a 200 with nothing private; bounded: cut by a limit (rows: a truncated 200; time or memory: a 400 that says so). */
  expect: 'refused' | 'answers' | 'bounded';
}
const CORPUS: Hostile[] = JSON.parse(readFileSync(path.join(import.meta.dirname, '../fixtures/hostile-sql.json'), 'utf8'));

const NOW = Date.parse('2026-11-20T03:00:00.000Z');
let server: TestServer;
let secrets: string[] = [];
let hashes: string[] = [];
let engineUrl = '';

const sql = (statement: string, token: string = TOKENS.ANALYST_TOKEN, signal?: AbortSignal) =>
  fetch(`${server.url}/api/v1/sql`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ sql: statement }),
    ...(signal ? { signal } : {}),
  });

async function appRows<T>(query: string): Promise<T[]> {
  return (await server.store.client.query({ query, format: 'JSONEachRow' })).json<T>();
}

beforeAll(async () => {
  // The corpus is a script, not a person typing: the SQL box's per-minute limit is lifted for it.
  server = await startServer({ dataDir: tempDataDir('analyst-sql'), scheduler: testClock(NOW), env: { SQL_STATEMENT_LIMIT: '1000' } });
  const events = Array.from({ length: 30 }, (_, i) => ({
    id: `d${i}`,
    type: 'call.dialed',
    ts: NOW - i * 1000,
    teamId: 'north',
    agentId: `north-a${i % 3}`,
    callId: `c${i}`,
    channel: 'human',
    phone: `1391000${String(i).padStart(4, '0')}`,
  }));
  expect((await post(`${server.url}/api/v1/events`, events)).status).toBe(200);
  hashes = (await appRows<{ phone_hash: string }>("SELECT phone_hash FROM call_events WHERE phone_hash != ''")).map((r) => r.phone_hash);
  expect(hashes.length).toBe(30);
  const file = JSON.parse(readFileSync(path.join(server.dataDir, 'secrets.json'), 'utf8')) as Record<string, unknown>;
  secrets = [
    ...Object.values(TOKENS),
    ...Object.values(file).flatMap((v) => (typeof v === 'string' ? [v] : Object.values(v as Record<string, string>))),
  ];
  expect(secrets.length).toBeGreaterThan(6);
  engineUrl = server.store.url;
});

afterAll(async () => {
  await server.stop();
  await server.store.close();
});

describe('the hostile SQL corpus', () => {
  it('holds at least 40 attacks', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(40);
  });

  it.each(CORPUS.map((c) => [c.attack, c] as const))('%s', async (_attack, c) => {
    const statement = c.sql
      .replaceAll('{{DATA_DIR}}', server.dataDir)
      .replaceAll('{{PORT}}', new URL(server.url).port)
      .replaceAll('{{ENGINE_URL}}', engineUrl)
      .replaceAll('{{DB}}', server.config.CLICKHOUSE_DATABASE)
      .replaceAll('{{PID}}', String(process.pid));
    const res = await sql(statement);
    const text = await res.text();
    for (const s of secrets) expect(text, 'a secret leaked').not.toContain(s);
    for (const h of hashes) expect(text, 'a phone hash leaked').not.toContain(h);
    const body = JSON.parse(text) as { error?: string; columns?: { name: string }[]; rows?: unknown[][]; truncated?: boolean };
    if (c.expect === 'refused') {
      expect(res.status, text).toBeGreaterThanOrEqual(400);
      expect(res.status, text).toBeLessThan(500);
      expect(body.error).toBeTruthy();
    } else if (c.expect === 'answers') {
      expect(res.status, text).toBe(200);
      expect(body.columns!.map((col) => col.name)).not.toContain('phone_hash');
      expect(text).not.toContain('phone_hash');
    } else if (res.status === 200) {
      expect(body.truncated, text.slice(0, 300)).toBe(true);
      expect(body.rows!.length).toBeLessThanOrEqual(10_000);
    } else {
      expect(res.status, text).toBe(400);
      expect(body.error).toMatch(/Timeout exceeded|memory limit|Maximum recursive CTE evaluation depth/i);
    }
  });

  it('leaves the floor intact: no forged row, no dropped table, ingest still writes, ready', async () => {
    const [row] = await appRows<{ n: string; forged: string }>(
      "SELECT count() AS n, countIf(id LIKE 'forged%') AS forged FROM call_events",
    );
    expect(Number(row!.forged)).toBe(0);
    expect(Number(row!.n)).toBe(30);
    const ingest = await post(`${server.url}/api/v1/events`, {
      id: 'after-1',
      type: 'call.dialed',
      ts: NOW,
      teamId: 'north',
      agentId: 'north-a1',
      callId: 'after',
      channel: 'human',
    });
    expect(ingest.status).toBe(200);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    const who = await (await sql('SELECT currentUser() AS u')).json();
    expect(who.rows).toEqual([['analyst']]);
  });
});

describe('what the analyst sees', () => {
  it('call_events under its own name, with every column but phone_hash', async () => {
    const res = await (await sql('SELECT * FROM call_events ORDER BY id LIMIT 3')).json();
    const names = res.columns.map((c: { name: string }) => c.name);
    expect(names).toContain('call_id');
    expect(names).not.toContain('phone_hash');
    expect(res.rows.length).toBe(3);
  });

  it('the limits ClickHouse enforces, read from ClickHouse', async () => {
    const res = await (await sql('SELECT 1')).json();
    expect(res.limits).toMatchObject({ readonly: '2', max_execution_time: '10', max_result_rows: '10000' });
  });

  it('runs for an analyst and an admin, not for a viewer or a supervisor', async () => {
    expect((await sql('SELECT 1', TOKENS.ADMIN_TOKEN)).status).toBe(200);
    expect((await sql('SELECT 1', TOKENS.VIEWER_TOKEN)).status).toBe(403);
    expect((await sql('SELECT 1', TOKENS.SUPERVISOR_TOKEN)).status).toBe(403);
  });
});

describe('a hostile analyst cannot hold the floor', () => {
  it('ingest is answered while an analyst CPU bomb still runs', async () => {
    let bombDone = false;
    const bomb = sql('SELECT count() FROM numbers(1e12)').then(async (r) => {
      bombDone = true;
      return (await r.json()).error as string;
    });
    await waitFor(async () =>
      (await appRows<{ n: string }>("SELECT count() AS n FROM system.processes WHERE user = 'analyst'")).some((r) => Number(r.n) > 0),
    );
    const ingest = await post(`${server.url}/api/v1/events`, {
      id: 'during-bomb',
      type: 'call.dialed',
      ts: NOW,
      teamId: 'north',
      agentId: 'north-a2',
      callId: 'db',
      channel: 'human',
    });
    expect(ingest.status).toBe(200);
    expect(ingest.body.accepted).toBe(1);
    expect(bombDone).toBe(false);
    expect(await bomb).toMatch(/Timeout exceeded/i);
  });

  it('a third concurrent query of the analyst is refused with 429, the others run', async () => {
    const statuses = await Promise.all([0, 1, 2].map(() => sql('SELECT sleep(2)').then((r) => r.status)));
    expect(statuses.filter((s) => s === 200).length).toBe(2);
    expect(statuses).toContain(429);
  });

  it('a query nobody waits for any more is killed in ClickHouse', async () => {
    const abort = new AbortController();
    const pending = sql('SELECT count() FROM numbers(1e12)', TOKENS.ANALYST_TOKEN, abort.signal).catch(() => 'aborted');
    const running = () =>
      appRows<{ n: string }>(
        "SELECT count() AS n FROM system.processes WHERE user = 'analyst' AND query LIKE 'SELECT count() FROM numbers(1e12)%'",
      ).then((r) => Number(r[0]!.n));
    await waitFor(async () => (await running()) > 0);
    abort.abort();
    expect(await pending).toBe('aborted');
    await waitFor(async () => (await running()) === 0);
  });

  it('the health check stays ready under an analyst bomb', async () => {
    const bomb = sql('SELECT count() FROM numbers(1e12)');
    expect((await get(`${server.url}/readyz`)).status).toBe(200);
    expect((await bomb).status).toBe(400);
  });
});

/** Polls a condition that ClickHouse reports (no event to wait on across processes); fails after 8 s. */
async function waitFor(cond: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 160; i++) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('condition not reached within 8 s');
}
