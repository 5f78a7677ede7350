import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { COUNT_KEYS, type Counts, emptyCounts } from '@floorpulse/shared';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staticRoute } from '../../server/src/http/static-route.js';
import { testClock } from '../helpers/clock.js';
import { get, post, startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';

const expected = JSON.parse(
  await import('node:fs').then((fs) => fs.readFileSync(new URL('../fixtures/golden-floor.expected.json', import.meta.url), 'utf8')),
);
const ndjson = (await import('node:fs')).readFileSync(new URL('../fixtures/golden-floor.ndjson', import.meta.url), 'utf8');

let server: TestServer;
const clock = testClock(Date.parse(expected.now));

beforeAll(async () => {
  server = await startServer({ dataDir: tempDataDir('web-api'), scheduler: clock });
  const res = await post(`${server.url}/api/v1/events`, ndjson, undefined, 'application/x-ndjson');
  expect(res.status).toBe(200);
});
afterAll(async () => {
  await server.stop();
});

const sum = (points: { counts: Counts }[]): Counts => {
  const c = emptyCounts();
  for (const p of points) for (const k of COUNT_KEYS) c[k] += p.counts[k];
  return c;
};
const sql = (statement: string, token: string = TOKENS.ANALYST_TOKEN) => post(`${server.url}/api/v1/sql`, { sql: statement }, token);

describe('GET /api/v1/meta', () => {
  it('gives the floor zone and the role to a viewer token, 401 without a token', async () => {
    const ok = await get(`${server.url}/api/v1/meta`);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ floorTz: 'Asia/Shanghai', role: 'viewer', demo: false });
    expect(ok.body.version).toMatch(/^\d+\.\d+\.\d+/);
    expect((await get(`${server.url}/api/v1/meta`, 'nope')).status).toBe(401);
  });
});

describe('GET /api/v1/history/series', () => {
  it("today's hourly buckets add up to the live wall's today numbers (the wall equals the warehouse)", async () => {
    for (const scope of ['floor', 'team:north', 'channel:robot']) {
      const hist = await get(`${server.url}/api/v1/history/series?scope=${scope}&range=today&bucket=1h`);
      expect(hist.status).toBe(200);
      const live = await get(`${server.url}/api/v1/rates?scope=${scope}&window=today`);
      expect(sum(hist.body.points)).toEqual(live.body.counts);
      expect(hist.body.from).toBe(live.body.from);
    }
  });

  it('buckets a day at the floor-local midnight (16:00 UTC for Asia/Shanghai), hours on the hour', async () => {
    const day = await get(`${server.url}/api/v1/history/series?range=7d&bucket=1d`);
    expect(day.body.points.length).toBeGreaterThan(0);
    for (const p of day.body.points) expect(new Date(p.t).getUTCHours()).toBe(16);
    const q = await get(`${server.url}/api/v1/history/series?range=today&bucket=15m`);
    for (const p of q.body.points) expect(p.t % (15 * 60_000)).toBe(0);
  });

  it('returns the SQL it ran with bound parameters only, and rates null without a denominator', async () => {
    const res = await get(`${server.url}/api/v1/history/series?scope=agent:n3&range=custom&from=2026-11-20&to=2026-11-20&bucket=1h`);
    expect(res.status).toBe(200);
    expect(res.body.sql).toContain('{from:Int64}');
    expect(res.body.sql).toContain('{tz:String}');
    expect(res.body.sql).not.toContain('n3');
    expect(res.body.params).toMatchObject({
      kind: 'agent',
      id: 'n3',
      tz: 'Asia/Shanghai',
      from: Date.parse('2026-11-19T16:00:00Z'),
      to: Date.parse('2026-11-20T16:00:00Z'),
    });
    for (const p of res.body.points) if (p.counts.ended === 0) expect(p.rates.hangupRate).toBeNull();
  });

  it('shift=7 moves the range a week back in local days (week over week)', async () => {
    const res = await get(`${server.url}/api/v1/history/series?range=7d&bucket=1d&shift=7`);
    expect(res.status).toBe(200);
    // 7 d ends now (15:30 local on 11-20) and starts at local midnight of 11-14; a week back: 11-07 00:00 local.
    expect(res.body.from).toBe('2026-11-06T16:00:00.000Z');
    expect(Date.parse(res.body.to) - Date.parse(res.body.from)).toBe(Date.parse(expected.now) - Date.parse('2026-11-13T16:00:00Z'));
  });

  it('refuses a bad scope, bucket or range with 400, an ingest token with 403', async () => {
    expect((await get(`${server.url}/api/v1/history/series?scope=planet:x`)).status).toBe(400);
    expect((await get(`${server.url}/api/v1/history/series?bucket=1w`)).status).toBe(400);
    expect((await get(`${server.url}/api/v1/history/series?range=custom&from=2026-11-20`)).status).toBe(400);
    expect((await get(`${server.url}/api/v1/history/series?range=custom&from=2026-11-20&to=2026-11-01`)).status).toBe(400);
    expect((await get(`${server.url}/api/v1/history/series`, TOKENS.INGEST_TOKEN)).status).toBe(403);
  });
});

describe('GET /api/v1/history/agents', () => {
  it("lists each agent's counts today; they add up to the floor", async () => {
    const res = await get(`${server.url}/api/v1/history/agents?range=today`);
    expect(res.status).toBe(200);
    const floor = await get(`${server.url}/api/v1/rates?scope=floor&window=today`);
    expect(sum(res.body.rows)).toEqual(floor.body.counts);
    const north = await get(`${server.url}/api/v1/history/agents?range=today&team=north`);
    expect(north.body.rows.every((r: { teamId: string }) => r.teamId === 'north')).toBe(true);
  });
});

describe('POST /api/v1/sql (read-only box)', () => {
  it('runs a SELECT for an analyst and an admin, not for a viewer or a supervisor', async () => {
    const ok = await sql('SELECT team_id, count() AS n FROM call_events GROUP BY team_id ORDER BY team_id');
    expect(ok.status).toBe(200);
    expect(ok.body.columns.map((c: { name: string }) => c.name)).toEqual(['team_id', 'n']);
    expect(ok.body.rows.length).toBeGreaterThan(0);
    expect((await sql('SELECT 1', TOKENS.ADMIN_TOKEN)).status).toBe(200);
    expect((await sql('SELECT 1', TOKENS.VIEWER_TOKEN)).status).toBe(403);
    expect((await sql('SELECT 1', TOKENS.SUPERVISOR_TOKEN)).status).toBe(403);
  });

  it.each([
    ['SHOW TABLES'],
    ['DESCRIBE call_events'],
    ['EXPLAIN SELECT count() FROM call_events'],
    ['WITH x AS (SELECT agent_id FROM call_events) SELECT count() FROM x'],
    ['  -- a comment first\nSELECT 1;'],
  ])('allows %s', async (statement) => {
    expect((await sql(statement)).status).toBe(200);
  });

  // What the box refuses, and why, is ClickHouse's to say: tests/integration/analyst-sql.test.ts runs the
  // hostile corpus (tests/fixtures/hostile-sql.json) against the analysts' grants and constraints.

  it('stops at the row limit instead of streaming a million rows, and says the answer is truncated', async () => {
    const res = await sql('SELECT number FROM numbers(5000000)');
    expect(res.status).toBe(200);
    expect(res.body.rows).toHaveLength(10_000);
    expect(res.body.truncated).toBe(true);
    expect((await sql('SELECT number FROM numbers(10)')).body.truncated).toBe(false);
  });

  it.each([
    ['SELECT no_such_column FROM call_events'],
    // Fails mid-stream, after rows were written: chDB would hand them to the next query.
    ["SELECT throwIf(number = 7000, 'boom') AS x FROM numbers(9000)"],
  ])('a failed query (%s) does not disturb the next one, nor the server', async (bad) => {
    expect((await sql(bad)).status).toBe(400);
    const next = await sql('SELECT count() AS n FROM call_events');
    expect(next.status).toBe(200);
    expect(next.body.columns[0].name).toBe('n');
    const rates = await get(`${server.url}/api/v1/history/series?range=today&bucket=1d`);
    expect(rates.status).toBe(200);
  });

  it('leaves the server writable and its own queries unlimited after an analyst query', async () => {
    expect((await sql('SELECT number FROM numbers(20000)')).status).toBe(200);
    const ingest = await post(`${server.url}/api/v1/events`, [
      { id: 'after-sql-1', type: 'help.requested', ts: clock.now() - 1000, teamId: 'north', agentId: 'n1' },
    ]);
    expect(ingest.status).toBe(200);
    expect(ingest.body.accepted).toBe(1);
    const own = await server.store.client.query({ query: 'SELECT number FROM numbers(20000)', format: 'JSONCompactEachRow' });
    expect((await own.json()).length).toBe(20_000);
  });

  it('the table itself still works without phone_hash when the columns are listed', async () => {
    const res = await sql('SELECT id, agent_id, type FROM call_events ORDER BY id LIMIT 3');
    expect(res.body.error).toBeUndefined();
    expect(res.status).toBe(200);
    expect(res.body.rows).toHaveLength(3);
  });
});

describe('the built web at /', () => {
  it('answers index.html for the app pages, files as files, and leaves /api 404s as JSON', async () => {
    const dist = mkdtempSync(path.join(tmpdir(), 'fp-dist-'));
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>FloorPulse</title>');
    writeFileSync(path.join(dist, 'favicon.txt'), 'hi');
    const app = express();
    app.use(staticRoute({ dist }));
    app.use('/api', (_req, res) => void res.status(404).json({ error: 'not found' }));
    const http = app.listen(0, '127.0.0.1');
    await new Promise((r) => http.once('listening', r));
    const base = `http://127.0.0.1:${(http.address() as { port: number }).port}`;
    try {
      for (const p of ['/', '/wall', '/supervisor', '/history', '/admin']) {
        const res = await fetch(`${base}${p}?scope=team:north`);
        expect(res.status).toBe(200);
        expect(await res.text()).toContain('<title>FloorPulse</title>');
      }
      expect(await (await fetch(`${base}/favicon.txt`)).text()).toBe('hi');
      const api = await fetch(`${base}/api/v1/nope`);
      expect(api.status).toBe(404);
      expect(await api.json()).toEqual({ error: 'not found' });
      expect((await fetch(`${base}/elsewhere`)).status).toBe(404);
    } finally {
      http.close();
    }
    // Through the real app too: an unknown API route is still JSON.
    const real = await get(`${server.url}/api/v1/nope`);
    expect(real.status).toBe(404);
    expect(real.body).toEqual({ error: 'not found' });
  });
});
