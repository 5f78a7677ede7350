import type { Browser } from 'playwright-core';
import { asyncScheduler } from 'rxjs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';
import { ensureWebBuilt, launchChromium } from './browser.js';

/** The SQL box in a real browser: ClickHouse's refusal is shown as it is, and Stop kills a running query. */
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  ensureWebBuilt();
  server = await startServer({ dataDir: tempDataDir('e2e-sql'), scheduler: asyncScheduler });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stopAll();
});

const analystQueries = async () => {
  const rs = await server.store.client.query({
    query: "SELECT count() AS n FROM system.processes WHERE user = 'analyst' AND query LIKE '%numbers(1e12)%'",
    format: 'JSONEachRow',
  });
  return Number((await rs.json<{ n: string }>())[0]!.n);
};

test("an attack is refused with ClickHouse's reason, and Stop cancels a running query in ClickHouse", async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/history?token=${TOKENS.ANALYST_TOKEN}`);
  await page.fill('[data-test=sql-input]', "SELECT '--', * FROM file('/etc/passwd', 'RawBLOB')");
  await page.click('[data-action=run]');
  await expect.poll(() => page.textContent('[data-test=sql-error]')).toMatch(/READ ON FILE|not allowed/);

  await page.fill('[data-test=sql-input]', 'SELECT count() FROM numbers(1e12)');
  await page.click('[data-action=run]');
  await expect.poll(analystQueries, { timeout: 5000 }).toBe(1);
  await page.click('[data-action=stop]');
  await expect.poll(() => page.textContent('[data-test=sql-error]')).toMatch(/Stopped/);
  await expect.poll(analystQueries, { timeout: 5000 }).toBe(0);
});
