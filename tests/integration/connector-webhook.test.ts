import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { asyncScheduler } from 'rxjs';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks.js';
import { afterAll, describe, expect, it } from 'vitest';
import { emptyMapping } from '../../server/src/dialers/mapping-file.js';
import { loadHookSpecs } from '../../server/src/hooks/hook-spec.js';
import { freePort } from '../../server/src/ops/free-port.js';
import { Backoff } from '../../tools/connectors/delivery/backoff.js';
import { type RelayConfig, startRelayConnector } from '../../tools/connectors/webhook/relay-connector.js';
import { startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';

/**
 * `npm run connect -- webhook`: the relay takes the vendors' callbacks while FloorPulse is down, keeps them
 * (memory, then its disk spool, across its own restart) and delivers each exactly once when FloorPulse is back.
 */
const SECRET = 'twilio-auth-token-0123456789abcdef';
const FIXTURES = path.join(import.meta.dirname, '../fixtures/hooks');
type Post = { query: string; body: string };
const posts = (JSON.parse(readFileSync(path.join(FIXTURES, 'twilio-status-callbacks.json'), 'utf8')) as { posts: Post[] }).posts;
const log = pino({ level: 'silent' });
const specs = loadHookSpecs();

describe('the webhook relay', () => {
  let server: TestServer | null = null;
  const relays: { stop(o?: { drainMs?: number }): Promise<number> }[] = [];
  afterAll(async () => {
    for (const r of relays) await r.stop({ drainMs: 0 });
    await server?.stopAll();
  });

  async function relay(floorUrl: string, over: Partial<RelayConfig> = {}) {
    const r = await startRelayConnector(
      {
        dialer: 'webhook',
        bind: '127.0.0.1',
        port: 0,
        url: floorUrl,
        token: TOKENS.INGEST_TOKEN,
        bufferEvents: 4,
        spoolEvents: 1000,
        specs: new Map([['twilio', specs.get('twilio')!]]),
        secrets: new Map([['twilio', SECRET]]),
        publicUrl: 'https://hooks.example.com',
        mapping: emptyMapping(),
        sendPhones: false,
        failureLimit: 3,
        ...over,
      },
      { scheduler: asyncScheduler, log, backoff: () => new Backoff({ baseMs: 5, maxMs: 50 }) },
    );
    relays.push(r);
    return r;
  }

  /** A callback as Twilio sends it, signed over the public URL it was given. */
  async function callback(port: number, p: Post, signature?: string) {
    const pathAndQuery = `/api/v1/hooks/twilio?${p.query}`;
    const form = Object.fromEntries(new URLSearchParams(p.body));
    const res = await fetch(`http://127.0.0.1:${port}${pathAndQuery}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': signature ?? getExpectedTwilioSignature(SECRET, `https://hooks.example.com${pathAndQuery}`, form),
      },
      body: p.body,
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  it('keeps callbacks while FloorPulse is down, across its own restart, and delivers each once', async () => {
    const floorPort = await freePort();
    const floorUrl = `http://127.0.0.1:${floorPort}`;
    const spoolDir = mkdtempSync(path.join(os.tmpdir(), 'fp-relay-spool-'));
    const first = await relay(floorUrl, { spoolDir });
    // FloorPulse is not listening: every callback is still acknowledged, once it is in the buffer.
    for (const p of posts) expect((await callback(first.address.port, p)).status).toBe(200);
    // Twilio's retries (a timeout on its side): the same posts again, kept too; their ids make them duplicates.
    for (const p of posts) expect((await callback(first.address.port, p)).status).toBe(200);
    expect(await first.stop({ drainMs: 0 })).toBe(0);
    // Memory went to the spool at stop; no phone number is written to the disk without --send-phones.
    const spooled = readdirSync(spoolDir)
      .map((f) => readFileSync(path.join(spoolDir, f), 'utf8'))
      .join('');
    expect(spooled).toContain('CA11111111111111111111111111111111');
    expect(spooled).not.toMatch(/1391111000\d/);

    const second = await relay(floorUrl, { spoolDir });
    server = await startServer({ dataDir: tempDataDir('connector-webhook'), scheduler: asyncScheduler, port: floorPort });
    await second.drained();
    const stored = (await (
      await server.store.client.query({
        query:
          "SELECT type, count() AS n, countIf(answered_by = 'machine') AS machine, sum(talk_seconds) AS talk, countIf(phone_hash != '') AS phones FROM call_events WHERE id LIKE 'wh:twilio:%' GROUP BY type ORDER BY type",
        format: 'JSONEachRow',
      })
    ).json()) as { type: string; n: string; machine: string; talk: number; phones: string }[];
    // The same numbers FloorPulse's own route stores for these posts (tests/integration/hooks.test.ts).
    expect(stored.map((r) => [r.type, Number(r.n), Number(r.machine), Number(r.talk), Number(r.phones)])).toEqual([
      ['call.answered', 2, 1, 0, 0],
      ['call.dialed', 3, 0, 0, 0],
      ['call.ended', 3, 0, 54, 0],
    ]);
    expect(second.stats.duplicates).toBeGreaterThan(0);
    expect(second.stats.dropped).toBe(0);
  });

  it('refuses what FloorPulse would: no proof 401, a wrong one 403 (then 429), a payload it cannot read 400 naming the field', async () => {
    const r = await relay('http://127.0.0.1:1');
    const [p] = posts as [Post];
    const unsigned = await fetch(`http://127.0.0.1:${r.address.port}/api/v1/hooks/twilio?${p.query}`, { method: 'POST', body: p.body });
    expect(unsigned.status).toBe(401);
    expect(await unsigned.json()).toEqual({ error: 'X-Twilio-Signature: is missing' });
    const noStatus = { query: p.query, body: 'CallSid=CA44444444444444444444444444444444' };
    expect(await callback(r.address.port, noStatus)).toEqual({ status: 400, body: { error: 'CallStatus: is required' } });
    // An agent id the contract refuses: named in Twilio's terms, and not acknowledged.
    const badAgent = { query: `agentId=${'x'.repeat(65)}&teamId=north`, body: p.body };
    expect(await callback(r.address.port, badAgent)).toEqual({
      status: 400,
      body: { error: 'agentId: must be at most 64 characters (agentId)' },
    });
    expect((await fetch(`http://127.0.0.1:${r.address.port}/api/v1/hooks/vonage`, { method: 'POST' })).status).toBe(404);
    for (let i = 0; i < 3; i++) expect((await callback(r.address.port, p, 'RSOYDt4T1cUTdK1PDd93/VVr8B8=')).status).toBe(403);
    // Past the limit even a right proof waits: a guesser learns nothing more this minute.
    const blocked = await callback(r.address.port, p);
    expect(blocked.status).toBe(429);
    expect(r.stats.mapped.size).toBe(0);
  });

  it('answers 503 when its buffer is full, so the vendor retries, instead of dropping an acknowledged callback', async () => {
    const r = await relay('http://127.0.0.1:1', { bufferEvents: 2, spoolEvents: 0 });
    const answered = posts.find((p) => p.body.includes('CallStatus=completed'))!;
    // A completed call is three events (dialed, answered, ended): more than the buffer holds.
    const res = await callback(r.address.port, answered);
    expect(res.status).toBe(503);
    const first = await callback(r.address.port, posts[0]!);
    expect(first).toEqual({ status: 200, body: { queued: 1 } });
    expect(r.stats.dropped).toBe(0);
  });
});
