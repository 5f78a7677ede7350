import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testClock } from '../helpers/clock.js';
import { post, startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';

const NOW = Date.parse('2026-11-20T06:00:00Z');
const METRICS_TOKEN = 'metrics-scrape-token-0123';

async function scrape(url: string, token: string | null): Promise<{ status: number; text: string }> {
  const res = await fetch(`${url}/metrics`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  return { status: res.status, text: await res.text() };
}

function value(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  if (!line) throw new Error(`${name} is not exposed`);
  return Number(line.split(' ')[1]);
}

const dial = (id: string, extra: object = {}) => ({
  id,
  type: 'call.dialed',
  ts: NOW - 60_000,
  teamId: 'north',
  agentId: 'n1',
  callId: `c-${id}`,
  channel: 'human',
  phone: '+8613900001111',
  ...extra,
});

describe('GET /metrics', () => {
  const clock = testClock(NOW);
  let server: TestServer;
  let socket: Socket | null = null;
  beforeAll(async () => {
    server = await startServer({ dataDir: tempDataDir('ops-metrics'), scheduler: clock, env: { METRICS_TOKEN } });
  });
  afterAll(async () => {
    socket?.disconnect();
    await server.stop();
  });

  it('refuses a scrape without a token or with a viewer token', async () => {
    expect((await scrape(server.url, null)).status).toBe(401);
    expect((await scrape(server.url, TOKENS.VIEWER_TOKEN)).status).toBe(401);
  });

  it('answers the admin token and METRICS_TOKEN in the Prometheus text format', async () => {
    const admin = await scrape(server.url, TOKENS.ADMIN_TOKEN);
    expect(admin.status).toBe(200);
    expect(admin.text).toContain('# TYPE floorpulse_events_ingested_total counter');
    expect((await scrape(server.url, METRICS_TOKEN)).status).toBe(200);
  });

  it('counts ingested, duplicate and rejected events and observes the ingest-to-store latency', async () => {
    const before = (await scrape(server.url, METRICS_TOKEN)).text;
    const body = [dial('m1'), dial('m2'), dial('m1'), { ...dial('m3'), ts: 'yesterday' }].map((e) => JSON.stringify(e)).join('\n');
    const res = await post(`${server.url}/api/v1/events`, body, undefined, 'application/x-ndjson');
    expect(res.body).toMatchObject({ accepted: 2, duplicates: 1 });
    expect(res.body.rejected).toHaveLength(1);
    await post(`${server.url}/api/v1/events`, [dial('m1')]);
    const after = (await scrape(server.url, METRICS_TOKEN)).text;
    const delta = (name: string) => value(after, name) - value(before, name);
    expect(delta('floorpulse_events_ingested_total')).toBe(2);
    expect(delta('floorpulse_events_duplicate_total')).toBe(2);
    expect(delta('floorpulse_events_rejected_total')).toBe(1);
    expect(delta('floorpulse_ingest_to_store_seconds_count')).toBe(2);
    expect(delta('floorpulse_events_stored_total')).toBeGreaterThanOrEqual(2);
    // The newest event of the last batch was a minute old on the test clock.
    expect(value(after, 'floorpulse_pipeline_lag_seconds')).toBe(60);
    expect(value(after, 'floorpulse_ingest_backlog_events')).toBe(0);
  });

  it('counts connected socket clients', async () => {
    expect(value((await scrape(server.url, METRICS_TOKEN)).text, 'floorpulse_socket_clients')).toBe(0);
    socket = connect(server.url, { auth: { token: TOKENS.VIEWER_TOKEN }, transports: ['websocket'] });
    await new Promise<void>((resolve, reject) => {
      socket!.once('connect', () => resolve());
      socket!.once('connect_error', reject);
    });
    expect(value((await scrape(server.url, METRICS_TOKEN)).text, 'floorpulse_socket_clients')).toBe(1);
  });

  it('counts a failed ClickHouse insert, answered 503', async () => {
    const before = value((await scrape(server.url, METRICS_TOKEN)).text, 'floorpulse_clickhouse_insert_errors_total');
    // A storage that refuses: the table is gone under the running app (a closed HTTP client would simply
    // open a new connection, unlike the in-process engine this test was written for).
    await server.store.client.command({ query: 'RENAME TABLE call_events TO call_events_away' });
    const res = await post(`${server.url}/api/v1/events`, [dial('m9')]);
    await server.store.client.command({ query: 'RENAME TABLE call_events_away TO call_events' });
    expect(res.status).toBe(503);
    const after = value((await scrape(server.url, METRICS_TOKEN)).text, 'floorpulse_clickhouse_insert_errors_total');
    expect(after - before).toBe(1);
  });
});
