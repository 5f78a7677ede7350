import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testClock } from '../helpers/clock.js';
import { startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';

/**
 * The pre-dial check is served ahead of Express (http/direct-routes.ts). These are the attacks on that
 * door: that it answers with every header an Express answer has, that the failed-authentication gate
 * still counts and refuses there, and that a look-alike path is not an unguarded way in.
 */
const NOW = Date.parse('2026-11-20T06:00:00Z'); // 14:00 in Shanghai
const LIMIT = 5;
const CHECK = { teamId: 'north', agentId: 'n1', phone: '+8613911112222' };

describe('the pre-dial check door', () => {
  let server: TestServer;
  const check = (token: string, init: RequestInit = {}, path = '/api/v1/compliance/check') =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(CHECK),
      ...init,
    });
  beforeAll(async () => {
    server = await startServer({
      dataDir: tempDataDir('compliance-door'),
      scheduler: testClock(NOW),
      env: { AUTH_FAILURE_LIMIT: String(LIMIT) },
    });
  });
  afterAll(async () => server.stop());

  it("answers with the same security headers as an Express route's answer", async () => {
    const fromExpress = await fetch(`${server.url}/api/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKENS.INGEST_TOKEN}`, 'content-type': 'application/json' },
      body: '[]',
    });
    const direct = await check(TOKENS.INGEST_TOKEN);
    expect(direct.status).toBe(200);
    // What differs by nature: the body's length and type, the date, Express's ETag and keep-alive bookkeeping.
    const own = new Set(['content-length', 'content-type', 'date', 'etag', 'keep-alive', 'connection']);
    const security = (h: Headers) => Object.fromEntries([...h].filter(([k]) => !own.has(k)));
    expect(Object.keys(security(fromExpress.headers)).length).toBeGreaterThanOrEqual(10);
    expect(security(direct.headers)).toEqual(security(fromExpress.headers));
    expect(direct.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(direct.headers.get('x-frame-options')).toBe('DENY');
    expect(direct.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  it('refuses a look-alike path through Express, with a 404 and no answer of the check', async () => {
    for (const path of ['/api/v1/compliance/check/', '/API/v1/compliance/check', '/api/v1/compliance/check%2F']) {
      const res = await check(TOKENS.INGEST_TOKEN, {}, path);
      const body = (await res.json()) as Record<string, unknown>;
      expect([path, res.status, 'allow' in body]).toEqual([path, 404, false]);
    }
  });

  it('wrong tokens on the check count against the address, and past the limit even the right one gets 429', async () => {
    for (let i = 0; i < LIMIT; i++) expect((await check(`wrong-token-${i}-0123456789abcdef`)).status).toBe(401);
    const refused = await check(TOKENS.INGEST_TOKEN);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await refused.json()) as { error: string }).error).toMatch(/too many failed authentications/);
  });
});
