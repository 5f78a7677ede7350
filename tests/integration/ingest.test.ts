import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testClock } from '../helpers/clock.js';
import { liveAndSql } from '../helpers/live-vs-sql.js';
import { get, post, startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';

const NOW = Date.parse('2026-11-20T07:30:00.000Z');
const dial = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  type: 'call.dialed',
  ts: NOW - 60_000,
  teamId: 'north',
  agentId: 'n1',
  callId: `call-${id}`,
  channel: 'human',
  ...extra,
});

async function storedCount(server: TestServer, where = '1'): Promise<number> {
  // `where` is a constant written in this test file, never input.
  const rs = await server.store.client.query({ query: `SELECT count() AS n FROM call_events WHERE ${where}`, format: 'JSONEachRow' });
  return Number((await rs.json<{ n: string }>())[0]?.n);
}

describe('POST /api/v1/events', () => {
  const clock = testClock(NOW);
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ dataDir: tempDataDir('ingest'), scheduler: clock });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('stores valid items of a batch and rejects the bad ones by index, naming the field', async () => {
    const res = await post(`${server.url}/api/v1/events`, [
      dial('p1'),
      { ...dial('p2'), channel: 'fax' },
      dial('p3'),
      { ...dial('p4'), ts: 'yesterday' },
    ]);
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(2);
    expect(res.body.rejected.map((r: { index: number }) => r.index)).toEqual([1, 3]);
    expect(res.body.rejected[0].error).toMatch(/^channel:/);
    expect(res.body.rejected[1].error).toMatch(/^ts:/);
    expect(await storedCount(server, "id IN ('p1','p2','p3','p4')")).toBe(2);
  });

  it('counts an id twice in one body, and again later, as a duplicate stored once', async () => {
    const first = await post(`${server.url}/api/v1/events`, [dial('d1'), dial('d1'), dial('d2')]);
    expect(first.body).toMatchObject({ accepted: 2, duplicates: 1 });
    const again = await post(
      `${server.url}/api/v1/events`,
      `${JSON.stringify(dial('d1'))}\n${JSON.stringify(dial('d3'))}`,
      undefined,
      'application/x-ndjson',
    );
    expect(again.body).toMatchObject({ accepted: 1, duplicates: 1 });
    expect(await storedCount(server, "id = 'd1'")).toBe(1);
  });

  it('stores a re-sent id once when concurrent requests carry it', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => post(`${server.url}/api/v1/events`, [dial('race')])));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(results.reduce((n, r) => n + r.body.accepted, 0)).toBe(1);
    expect(results.reduce((n, r) => n + r.body.duplicates, 0)).toBe(9);
    expect(await storedCount(server, "id = 'race'")).toBe(1);
  });

  it('lets concurrent requests share one insert (group commit)', async () => {
    const before = server.app.ingest.writes;
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => post(`${server.url}/api/v1/events`, [dial(`gc${i}`)])));
    expect(results.every((r) => r.status === 200 && r.body.accepted === 1)).toBe(true);
    expect(server.app.ingest.writes - before).toBeLessThan(20);
  });

  it('never stores the clear phone number', async () => {
    await post(`${server.url}/api/v1/events`, [dial('ph1', { phone: '+8613912345678' })]);
    const rs = await server.store.client.query({ query: "SELECT * FROM call_events WHERE id = 'ph1'", format: 'JSONEachRow' });
    const text = await rs.text();
    expect(text).not.toContain('13912345678');
    expect(text).toMatch(/"phone_hash":"[A-Za-z0-9_-]{22}"/);
  });

  it.each([
    ['no token', undefined, 401],
    ['a wrong token', 'nope-nope-nope-nope', 401],
    ['a viewer token', TOKENS.VIEWER_TOKEN, 403],
    ['a supervisor token', TOKENS.SUPERVISOR_TOKEN, 403],
  ])('refuses %s', async (_name, token, status) => {
    const res = await fetch(`${server.url}/api/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(dial('auth')),
    });
    expect(res.status).toBe(status);
  });

  it('answers 400 for a body that is no JSON, 413 over the limit, and stores nothing from either', async () => {
    expect((await post(`${server.url}/api/v1/events`, 'this is not json')).status).toBe(400);
    const huge = JSON.stringify(Array.from({ length: 60_000 }, (_, i) => dial(`big${i}`, { campaignId: 'x'.repeat(60) })));
    const res = await post(`${server.url}/api/v1/events`, huge);
    expect(res.status).toBe(413);
    expect(res.body.error).toMatch(/body/);
    expect(await storedCount(server, "id LIKE 'big%'")).toBe(0);
  });

  it('answers 400 for invalid UTF-8', async () => {
    const bytes = Buffer.concat([Buffer.from(JSON.stringify(dial('u1')).slice(0, -2)), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
    const res = await fetch(`${server.url}/api/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKENS.INGEST_TOKEN}`, 'content-type': 'application/json' },
      body: bytes,
    });
    expect(res.status).toBe(400);
  });

  it('answers 503 with nothing accepted when ClickHouse cannot be written, then recovers', async () => {
    await server.store.client.command({ query: 'RENAME TABLE call_events TO call_events_away' });
    try {
      const res = await post(`${server.url}/api/v1/events`, [dial('down1'), dial('down2')]);
      expect(res.status).toBe(503);
    } finally {
      await server.store.client.command({ query: 'RENAME TABLE call_events_away TO call_events' });
    }
    // Not acknowledged, so not remembered: the dialer's retry lands.
    const retry = await post(`${server.url}/api/v1/events`, [dial('down1'), dial('down2')]);
    expect(retry.body).toMatchObject({ accepted: 2, duplicates: 0 });
    expect(await storedCount(server, "id IN ('down1','down2')")).toBe(2);
  });

  it('keeps the live numbers equal to SQL after all of the above', async () => {
    const { live, sql } = await liveAndSql(server, 'team:north', '1h');
    expect(live.counts).toEqual(sql);
    expect(live.counts.dialed).toBeGreaterThan(20);
  });

  describe('GET /api/v1/rates', () => {
    it('answers 400 naming scope or window when unknown', async () => {
      expect((await get(`${server.url}/api/v1/rates?scope=galaxy&window=15m`)).body.error).toMatch(/^scope/);
      expect((await get(`${server.url}/api/v1/rates?scope=floor&window=3d`)).body.error).toMatch(/^window/);
    });
    it.each([
      [TOKENS.VIEWER_TOKEN, 200],
      [TOKENS.SUPERVISOR_TOKEN, 200],
      [TOKENS.ANALYST_TOKEN, 200],
      [TOKENS.ADMIN_TOKEN, 200],
      [TOKENS.INGEST_TOKEN, 403],
      ['', 401],
    ])('with token %s answers %s', async (token, status) => {
      expect((await get(`${server.url}/api/v1/rates?scope=floor&window=today`, token)).status).toBe(status);
    });
    it('shows null rates, not zeros, on an empty floor', async () => {
      const res = await get(`${server.url}/api/v1/rates?scope=team:empty&window=15m`);
      expect(res.body.rates.connectRate).toBeNull();
      expect(res.body.rates.complianceRate).toBeNull();
    });
  });
});
