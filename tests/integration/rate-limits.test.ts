import { asyncScheduler } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectScreen } from '../helpers/realtime-client.js';
import { startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';

const WRONG = 'wrong-token-0123456789abcdef';
const LIMIT = 20;
/** A short window: the rate-limiter-flexible stores read the wall clock (no injected clock), so the test waits it out. */
const WINDOW_S = 2;
const SQL_LIMIT = 3;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('rate limits', () => {
  let server: TestServer;
  const rates = (token: string) =>
    fetch(`${server.url}/api/v1/rates?scope=floor&window=15m`, { headers: { authorization: `Bearer ${token}` } });
  const sql = (token: string) =>
    fetch(`${server.url}/api/v1/sql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ sql: 'SELECT 1 AS one' }),
    });
  /** Waits out a refusal's Retry-After, so the next test starts with a clean slate for 127.0.0.1. */
  const waitOut = async (res: Response) => sleep(Number(res.headers.get('retry-after')) * 1000 + 200);

  beforeAll(async () => {
    server = await startServer({
      dataDir: tempDataDir('rate-limits'),
      scheduler: asyncScheduler,
      env: {
        AUTH_FAILURE_LIMIT: String(LIMIT),
        AUTH_FAILURE_WINDOW_SECONDS: String(WINDOW_S),
        SQL_STATEMENT_LIMIT: String(SQL_LIMIT),
        SQL_STATEMENT_WINDOW_SECONDS: '60',
      },
    });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('after 20 wrong tokens from one address, the 21st and even a correct token get 429 with Retry-After until the window passes', async () => {
    for (let i = 0; i < LIMIT; i++) expect((await rates(WRONG)).status).toBe(401);
    const refused = await rates(WRONG);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(WINDOW_S);
    // A correct token is refused too: else each guess would still tell right (200) from wrong (429).
    const good = await rates(TOKENS.VIEWER_TOKEN);
    expect(good.status).toBe(429);
    expect(good.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await good.json()).error).toMatch(/too many failed/);
    await expect(connectScreen(server.url, { token: TOKENS.VIEWER_TOKEN })).rejects.toThrow('rate limited');
    // Liveness stays answered: an orchestrator's probe from the same address must not restart the server.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    await waitOut(good);
    expect((await rates(TOKENS.VIEWER_TOKEN)).status).toBe(200);
  });

  it('socket handshakes with a wrong token count against the same budget, and the next is refused as rate limited', async () => {
    for (let i = 0; i < LIMIT; i++) await expect(connectScreen(server.url, { token: WRONG })).rejects.toThrow('unauthorized');
    const err: unknown = await connectScreen(server.url, { token: WRONG }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe('rate limited');
    const data = (err as { data?: { retryAfterSeconds?: number } }).data;
    expect(data?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    const http = await rates(TOKENS.VIEWER_TOKEN);
    expect(http.status).toBe(429);
    await waitOut(http);
    const screen = await connectScreen(server.url, { token: TOKENS.VIEWER_TOKEN });
    screen.close();
  });

  it('successful requests and requests without a token do not consume the budget', async () => {
    for (let i = 0; i < 3 * LIMIT; i++) expect((await rates(TOKENS.VIEWER_TOKEN)).status).toBe(200);
    for (let i = 0; i < 3 * LIMIT; i++) expect((await fetch(`${server.url}/api/v1/rates?scope=floor&window=15m`)).status).toBe(401);
    for (let i = 0; i < LIMIT - 1; i++) expect((await rates(WRONG)).status).toBe(401);
    expect((await rates(TOKENS.VIEWER_TOKEN)).status).toBe(200);
    expect((await rates(WRONG)).status).toBe(401); // the 20th failure: the budget is now spent
    const refused = await rates(TOKENS.VIEWER_TOKEN);
    expect(refused.status).toBe(429);
    await waitOut(refused);
  });

  it('the SQL box takes SQL_STATEMENT_LIMIT statements a minute per role, then 429 with Retry-After; another role has its own budget', async () => {
    for (let i = 0; i < SQL_LIMIT; i++) expect((await sql(TOKENS.ANALYST_TOKEN)).status).toBe(200);
    const refused = await sql(TOKENS.ANALYST_TOKEN);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(50);
    expect((await refused.json()).error).toMatch(/statements/);
    expect((await sql(TOKENS.ADMIN_TOKEN)).status).toBe(200);
    // The SQL box's limit is not the address's: the analyst's other pages keep working.
    expect((await rates(TOKENS.ANALYST_TOKEN)).status).toBe(200);
  });
});
