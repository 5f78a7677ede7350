import { createHash, createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testClock } from '../helpers/clock.js';
import { post, startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';

/** POST /api/v1/hooks/:name: vendor callbacks, proved by each hook's secret, into the same ingest as the API. */
const NOW = Date.parse('2026-11-20T07:00:00Z');
const SECRET = {
  twilio: 'twilio-auth-token-0123456789abcdef',
  vonage: 'vonage-signature-secret-0123',
  '7moor': '7moor-push-token-0123456789',
};
const PUBLIC_URL = 'https://floor.example.com';
const FIXTURES = path.join(import.meta.dirname, '../fixtures/hooks');
type Post = { query: string; body: string | object };
const fixture = (name: string) => (JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')) as { posts: Post[] }).posts;

describe('webhooks', () => {
  const clock = testClock(NOW);
  let server: TestServer;
  const rows = async <T>(query: string) => (await (await server.store.client.query({ query, format: 'JSONEachRow' })).json()) as T[];
  const metric = async (hook: string, result: string) => {
    const text = await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKENS.ADMIN_TOKEN}` } })).text();
    const line = text.split('\n').find((l) => l.startsWith(`floorpulse_hook_posts_total{hook="${hook}",result="${result}"}`));
    return Number(line?.split(' ').at(-1));
  };

  /** A Twilio callback as Twilio sends it: the form, signed over the public URL with its query. */
  const twilio = async (p: Post, sign: (url: string, form: Record<string, string>) => string | undefined = defaultSign) => {
    const pathAndQuery = `/api/v1/hooks/twilio${p.query ? `?${p.query}` : ''}`;
    const form = Object.fromEntries(new URLSearchParams(p.body as string));
    const signature = sign(`${PUBLIC_URL}${pathAndQuery}`, form);
    const res = await fetch(`${server.url}${pathAndQuery}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(signature ? { 'x-twilio-signature': signature } : {}) },
      body: p.body as string,
    });
    return { status: res.status, body: await res.json() };
  };
  const defaultSign = (url: string, form: Record<string, string>) => getExpectedTwilioSignature(SECRET.twilio, url, form);

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fp-hooks-'));
    const mappingFile = path.join(dir, 'mapping.json');
    writeFileSync(
      mappingFile,
      JSON.stringify({ agents: [{ extension: '8001', agentId: 'n3', teamId: 'north' }], queues: [{ queue: 'q-north', teamId: 'north' }] }),
    );
    server = await startServer({
      dataDir: tempDataDir('hooks'),
      scheduler: clock,
      env: {
        HOOK_SECRETS: Object.entries(SECRET)
          .map(([k, v]) => `${k}=${v}`)
          .join(','),
        HOOKS_PUBLIC_URL: PUBLIC_URL,
        DIALER_MAPPING: mappingFile,
        // Small, so the last test reaches it; the valid posts before it must not spend any of it.
        AUTH_FAILURE_LIMIT: '20',
      },
    });
  });
  afterAll(async () => server.stop());

  it('Twilio: signed callbacks land once each, and a retry of all of them counts nothing twice', async () => {
    const posts = fixture('twilio-status-callbacks.json');
    for (const p of posts) expect((await twilio(p)).status).toBe(200);
    // Twilio retries (a timeout on its side): the same posts again.
    const again = await Promise.all(posts.map((p) => twilio(p)));
    expect(again.map((r) => r.status)).toEqual(posts.map(() => 200));
    expect(again.every((r) => r.body.accepted === 0)).toBe(true);
    const stored = await rows<{ type: string; n: string; machine: string; talk: number }>(
      "SELECT type, count() AS n, countIf(answered_by = 'machine') AS machine, sum(talk_seconds) AS talk FROM call_events WHERE id LIKE 'wh:twilio:%' GROUP BY type ORDER BY type",
    );
    expect(stored.map((r) => [r.type, Number(r.n), Number(r.machine), Number(r.talk)])).toEqual([
      ['call.answered', 2, 1, 0],
      ['call.dialed', 3, 0, 0],
      ['call.ended', 3, 0, 54],
    ]);
    expect(await metric('twilio', 'ignored')).toBe(2);
    expect(await metric('twilio', 'duplicate')).toBeGreaterThanOrEqual(posts.length - 1);
  });

  it('Twilio: the phone is hashed like every other dial, and never stored in clear', async () => {
    // The same number through POST /api/v1/events: the same keyed hash, so the frequency cap sees both.
    const api = await post(`${server.url}/api/v1/events`, {
      id: 'api-dial-1',
      type: 'call.dialed',
      ts: NOW - 60_000,
      teamId: 'north',
      agentId: 'n1',
      callId: 'api-call-1',
      channel: 'human',
      phone: '+86 139 1111 0001',
    });
    expect(api.status).toBe(200);
    const hashes = await rows<{ id: string; phone_hash: string }>(
      "SELECT id, phone_hash FROM call_events WHERE id IN ('api-dial-1', 'wh:twilio:CA11111111111111111111111111111111:dialed') ORDER BY id",
    );
    expect(hashes).toHaveLength(2);
    expect(hashes[0]?.phone_hash).not.toBe('');
    expect(hashes[0]?.phone_hash).toBe(hashes[1]?.phone_hash);
    const all = JSON.stringify(await rows("SELECT * EXCEPT (phone_hash) FROM call_events WHERE id LIKE 'wh:%'"));
    expect(all).not.toMatch(/1391111000\d/);
  });

  it('Twilio: no signature is a 401, a wrong one or one for another URL a 403, each counted', async () => {
    const [p] = fixture('twilio-status-callbacks.json') as [Post];
    const before = { un: await metric('twilio', 'unauthenticated'), forbidden: await metric('twilio', 'forbidden') };
    expect(await twilio(p, () => undefined)).toEqual({ status: 401, body: { error: 'X-Twilio-Signature: is missing' } });
    expect((await twilio(p, () => 'RSOYDt4T1cUTdK1PDd93/VVr8B8=')).status).toBe(403);
    // Signed for the address behind the proxy, not the one Twilio was given: refused.
    expect(
      (await twilio(p, (_url, form) => getExpectedTwilioSignature(SECRET.twilio, `${server.url}/api/v1/hooks/twilio?${p.query}`, form)))
        .status,
    ).toBe(403);
    // The signature covers the query: moving the call to another agent breaks it.
    const moved = await fetch(`${server.url}/api/v1/hooks/twilio?agentId=n9&teamId=north`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': defaultSign(
          `${PUBLIC_URL}/api/v1/hooks/twilio?${p.query}`,
          Object.fromEntries(new URLSearchParams(p.body as string)),
        ),
      },
      body: p.body as string,
    });
    expect(moved.status).toBe(403);
    expect(await metric('twilio', 'unauthenticated')).toBe(before.un + 1);
    expect(await metric('twilio', 'forbidden')).toBe(before.forbidden + 3);
  });

  it('a signed payload the mapping cannot read is a 400 naming the vendor field; its valid siblings still land', async () => {
    const noStatus = await twilio({ query: 'agentId=n1&teamId=north', body: 'CallSid=CA44444444444444444444444444444444' });
    expect(noStatus).toEqual({ status: 400, body: { error: 'CallStatus: is required' } });
    const badPhone = await twilio({
      query: 'agentId=n1&teamId=north',
      body: 'CallSid=CA55555555555555555555555555555555&CallStatus=initiated&To=12',
    });
    expect(badPhone.status).toBe(400);
    expect(badPhone.body.error).toBe('To: is not a valid phone number (phone)');
    const noAgent = await twilio({ query: '', body: 'CallSid=CA66666666666666666666666666666666&CallStatus=initiated' });
    // No agent in the URL and none in the mapping: counted, and sent as the mapping's unknown agent.
    expect(noAgent.status).toBe(200);
    expect(await rows("SELECT agent_id FROM call_events WHERE call_id = 'CA66666666666666666666666666666666'")).toEqual([
      { agent_id: 'unmapped' },
    ]);
    expect(await metric('twilio', 'invalid')).toBe(2);
  });

  it('Vonage: a JWT signed with the signature secret over the body hash; numbers without + are E.164', async () => {
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const send = async (p: Post, secret = SECRET.vonage) => {
      const body = JSON.stringify(p.body);
      const head = b64({ alg: 'HS256', typ: 'JWT' });
      const claims = b64({ iat: Math.floor(NOW / 1000), payload_hash: createHash('sha256').update(body).digest('hex') });
      const jwt = `${head}.${claims}.${createHmac('sha256', secret).update(`${head}.${claims}`).digest('base64url')}`;
      const res = await fetch(`${server.url}/api/v1/hooks/vonage?${p.query}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${jwt}` },
        body,
      });
      return res.status;
    };
    const posts = fixture('vonage-events.json');
    expect(await send(posts[0] as Post, 'a-different-secret-0123456789')).toBe(403);
    for (const p of posts) expect(await send(p)).toBe(200);
    // Vonage's JWT is in Authorization, where our tokens go: it is not a failed guess at one. More posts than
    // AUTH_FAILURE_LIMIT (20), all answered.
    for (let i = 0; i < 25; i++) expect(await send(posts[i % posts.length] as Post)).toBe(200);
    const stored = await rows<{ type: string; answered: number; talk_seconds: number; phone: number }>(
      "SELECT type, answered, talk_seconds, phone_hash != '' AS phone FROM call_events WHERE id LIKE 'wh:vonage:%' ORDER BY ts",
    );
    expect(stored.map((r) => [r.type, Number(r.answered), Number(r.talk_seconds), Number(r.phone)])).toEqual([
      ['call.dialed', 0, 0, 1],
      ['call.answered', 0, 0, 0],
      ['call.ended', 1, 57, 0],
      ['call.dialed', 0, 0, 1],
      ['call.ended', 0, 0, 0],
    ]);
  });

  it('容联七陌: the token in the push URL; agents from the mapping file; a queue leak is an abandoned call', async () => {
    const send = async (p: Post, token = SECRET['7moor']) =>
      (
        await fetch(`${server.url}/api/v1/hooks/7moor?${p.query.replace('QUERY_TOKEN', token)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: p.body as string,
        })
      ).status;
    const posts = fixture('7moor-call-records.json');
    expect(await send(posts[0] as Post, 'wrong-token-0123456789abc')).toBe(403);
    expect(await send({ query: '', body: (posts[0] as Post).body })).toBe(401);
    for (const p of posts) expect(await send(p)).toBe(200);
    const ended = await rows<{ call_id: string; agent_id: string; answered: number; abandoned: number; talk_seconds: number }>(
      "SELECT call_id, agent_id, answered, abandoned, talk_seconds FROM call_events WHERE id LIKE 'wh:7moor:%' AND type = 'call.ended' ORDER BY call_id",
    );
    expect(ended.map((r) => [r.call_id, r.agent_id, Number(r.answered), Number(r.abandoned), Number(r.talk_seconds)])).toEqual([
      ['7m-0001', 'n3', 1, 0, 90],
      ['7m-0002', 'n3', 0, 0, 0],
      ['7m-0003', 'unmapped', 1, 1, 15],
    ]);
  });

  it('an unknown hook is a 404, counted under one label whatever its name', async () => {
    for (const name of ['plivo', 'x'.repeat(200)]) {
      const res = await fetch(`${server.url}/api/v1/hooks/${name}`, { method: 'POST', body: '{}' });
      expect(res.status).toBe(404);
    }
    expect(await metric('(unknown)', 'unknown_hook')).toBe(2);
  });

  // Last: it leaves this address refused for the window.
  it("wrong proofs spend the address's AUTH_FAILURE_LIMIT, then every request from it is a 429, as for tokens", async () => {
    const text = await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKENS.ADMIN_TOKEN}` } })).text();
    const spent = text
      .split('\n')
      .filter((l) => l.startsWith('floorpulse_hook_posts_total{') && l.includes('result="forbidden"'))
      .reduce((n, l) => n + Number(l.split(' ').at(-1)), 0);
    expect(spent).toBe(5);
    const [p] = fixture('twilio-status-callbacks.json') as [Post];
    const statuses: number[] = [];
    for (let i = 0; i < 20 - spent; i++) statuses.push((await twilio(p, () => 'RSOYDt4T1cUTdK1PDd93/VVr8B8=')).status);
    expect(statuses).toEqual(Array.from({ length: 20 - spent }, () => 403));
    // Past the limit: the right signature is refused too (else each guess would learn right from wrong), and so is a token.
    const signed = await twilio(p);
    expect(signed.status).toBe(429);
    expect(
      (await fetch(`${server.url}/api/v1/rates?scope=floor&window=15m`, { headers: { authorization: `Bearer ${TOKENS.VIEWER_TOKEN}` } }))
        .status,
    ).toBe(429);
  });
});
