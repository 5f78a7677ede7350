import { readFileSync } from 'node:fs';
import type { Browser, Page, Response } from 'playwright-core';
import { asyncScheduler } from 'rxjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { post, startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';
import { ensureWebBuilt, launchChromium } from './browser.js';
import { seedFloor } from './seed.js';

/**
 * The built pages under the server's Content-Security-Policy, in a real chromium: every page is opened
 * and used (charts drawn and hovered, a CSV saved, a backtest run, a celebration's confetti) and any
 * CSP violation — a `securitypolicyviolation` event or chromium's console report — fails the test.
 */
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  ensureWebBuilt();
  server = await startServer({ dataDir: tempDataDir('e2e-security'), scheduler: asyncScheduler });
  expect((await post(`${server.url}/api/v1/events`, seedFloor(Date.now(), { days: 2 }))).status).toBe(200);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

interface Watched {
  page: Page;
  response: Response | null;
  violations: string[];
  /** Every URL the page asked for (its first load, assets, fetches, the socket), as they happen. */
  requests: string[];
}

async function openWatched(path: string): Promise<Watched> {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 }, acceptDownloads: true });
  const violations: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (/content security policy|refused to/i.test(m.text())) violations.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => violations.push(`page error: ${e.message}`));
  page.on('request', (r) => requests.push(r.url()));
  page.on('websocket', (ws) => requests.push(ws.url()));
  await page.exposeFunction('reportCspViolation', (v: string) => violations.push(`securitypolicyviolation: ${v}`));
  // Runs before the app's own scripts (through the DevTools protocol, not an inline script the CSP would block).
  await page.addInitScript(() => {
    document.addEventListener(
      'securitypolicyviolation',
      (e) => {
        (window as unknown as { reportCspViolation(v: string): void }).reportCspViolation(
          `${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`,
        );
      },
      true,
    );
  });
  const response = await page.goto(`${server.url}${path}`);
  return { page, response, violations, requests };
}

function expectHeaders(response: Response | null): void {
  expect(response?.status()).toBe(200);
  const h = response!.headers();
  const csp = h['content-security-policy'] ?? '';
  for (const directive of [
    "default-src 'self'",
    "script-src 'self'",
    "connect-src 'self'",
    "img-src 'self' data:",
    "frame-ancestors 'none'",
    "object-src 'none'",
    "base-uri 'none'",
  ]) {
    expect(csp).toContain(directive);
  }
  expect(csp).not.toContain('unsafe-eval');
  expect(h['x-content-type-options']).toBe('nosniff');
  expect(h['referrer-policy']).toBe('no-referrer');
  expect(h['x-frame-options']).toBe('DENY');
  expect(h['x-powered-by']).toBeUndefined();
}

describe('the pages under the Content-Security-Policy', () => {
  test('the wall draws its numbers, trends and a celebration with confetti without a CSP violation', async () => {
    const w = await openWatched(`/wall?token=${TOKENS.VIEWER_TOKEN}&lang=en`);
    expectHeaders(w.response);
    await w.page.waitForSelector('[data-test=live]');
    await w.page.waitForFunction(() => /\d/.test(document.querySelector('[data-metric=sales] [data-test=value]')?.textContent ?? ''));
    const now = Date.now();
    const base = { teamId: 'north', agentId: 'LiWei', callId: 'csp-sale-1' };
    expect(
      (
        await post(`${server.url}/api/v1/events`, [
          { ...base, id: 'csp-sale-1-d', type: 'call.dialed', ts: now - 200_000, channel: 'human' },
          { ...base, id: 'csp-sale-1-a', type: 'call.answered', ts: now - 190_000 },
          { ...base, id: 'csp-sale-1-e', type: 'call.ended', ts: now - 10_000, answered: true, talkSeconds: 180, hangupBy: 'agent' },
          { ...base, id: 'csp-sale-1-o', type: 'call.outcome', ts: now - 5_000, outcome: 'sale', amount: 1888 },
        ])
      ).status,
    ).toBe(200);
    // Any celebration will do (the seeded floor's own may come first): the confetti canvas runs under the CSP.
    await w.page.locator('[data-test=celebration]').first().waitFor({ timeout: 40_000 });
    await w.page.waitForTimeout(1500);
    expect(w.violations).toEqual([]);
    await w.page.close();
  }, 60_000);

  test.each([
    { path: '/supervisor', token: TOKENS.SUPERVISOR_TOKEN, ready: '[data-alert-id], [data-test=inbox]' },
    { path: '/admin', token: TOKENS.ADMIN_TOKEN, ready: '[data-test=rule-json]' },
  ])(
    '$path opens and works without a CSP violation',
    async ({ path, token, ready }) => {
      const w = await openWatched(`${path}?token=${token}&lang=en`);
      expectHeaders(w.response);
      await w.page.waitForSelector(ready, { timeout: 15_000 });
      if (path === '/admin') {
        await w.page.locator('[data-action=backtest]').click();
        await w.page.waitForSelector('[data-test=backtest]', { timeout: 15_000 });
      }
      await w.page.waitForTimeout(1000);
      expect(w.violations).toEqual([]);
      await w.page.close();
    },
    60_000,
  );

  test('/login, the admin users and displays tabs and a switched-off wall work without a CSP violation', async () => {
    const login = await openWatched('/login?lang=en');
    expectHeaders(login.response);
    await login.page.fill('#login', 'nobody.here');
    await login.page.fill('#password', 'not-a-password-1');
    await login.page.click('[data-test=sign-in] button[type=submit]');
    await login.page.waitForSelector('[data-test=sign-in-error]');
    expect(login.violations).toEqual([]);
    await login.page.close();

    const admin = await openWatched(`/admin?token=${TOKENS.ADMIN_TOKEN}&lang=en#users`);
    await admin.page.waitForSelector('[data-test=users] [data-login]', { timeout: 15_000 });
    await admin.page.click('[data-action=add-user]');
    await admin.page.waitForSelector('[data-test=user-form]');
    await admin.page.click('[data-tab=displays]');
    await admin.page.click('[data-action=add-display]');
    await admin.page.fill('[data-test=display-form] [name=name]', 'CSP TV');
    await admin.page.click('[data-test=display-form] button[type=submit]');
    const url = await admin.page.locator('[data-test=display-url]').inputValue();
    const tv = await openWatched(new URL(url).pathname + new URL(url).search);
    expectHeaders(tv.response);
    await tv.page.waitForSelector('[data-test=live]', { timeout: 15_000 });
    const row = admin.page.locator('[data-display]', { hasText: 'CSP TV' });
    await row.locator('[data-action=revoke]').click();
    await row.locator('[data-action=revoke]').click();
    await tv.page.waitForSelector('[data-test=switched-off]', { timeout: 5000 });
    expect([...admin.violations, ...tv.violations]).toEqual([]);
    await tv.page.close();
    await admin.page.close();
  }, 60_000);

  test('history draws its charts, shows a chart tooltip and saves a CSV without a CSP violation', async () => {
    const w = await openWatched(`/history?token=${TOKENS.ADMIN_TOKEN}&lang=en`);
    expectHeaders(w.response);
    const chart = w.page.locator('[data-chart="series.csv"] canvas').first();
    await chart.waitFor({ timeout: 15_000 });
    await w.page.waitForTimeout(1000);
    // A tooltip: ECharts' HTML one would write style attributes the CSP blocks (history-charts.ts draws it on the canvas).
    const box = (await chart.boundingBox())!;
    await w.page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
    await w.page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5);
    await w.page.waitForTimeout(800);
    const [download] = await Promise.all([
      w.page.waitForEvent('download'),
      w.page.locator('[data-chart="series.csv"] [data-action=csv]').click(),
    ]);
    expect(download.suggestedFilename()).toBe('series.csv');
    const saved = readFileSync((await download.path())!, 'utf8');
    expect(saved.startsWith('\uFEFF')).toBe(true);
    expect(saved.split('\r\n').length).toBeGreaterThan(2);
    await w.page.waitForTimeout(500);
    expect(w.violations).toEqual([]);
    await w.page.close();
  }, 60_000);

  test('another site cannot frame a page: frame-ancestors refuses it', async () => {
    const page = await browser.newPage();
    const refusals: string[] = [];
    page.on('console', (m) => {
      if (/frame-ancestors/.test(m.text())) refusals.push(m.text());
    });
    await page.setContent(`<iframe src="${server.url}/wall"></iframe>`);
    await page.waitForTimeout(1500);
    expect(refusals.length).toBeGreaterThan(0);
    expect(
      await page
        .frames()[1]
        ?.evaluate(() => document.querySelector('#app'))
        .catch(() => null),
    ).toBeFalsy();
    await page.close();
  }, 30_000);
});

describe('a kiosk token in the URL', () => {
  test('leaves the address bar after the first load, the other parameters stay, and the wall keeps working on the header alone', async () => {
    const w = await openWatched(`/wall?token=${TOKENS.VIEWER_TOKEN}&scope=team:north&lang=en`);
    await w.page.waitForSelector('[data-test=live]');
    const url = new URL(w.page.url());
    expect(url.pathname).toBe('/wall');
    expect(url.searchParams.has('token')).toBe(false);
    expect(url.searchParams.get('scope')).toBe('team:north');
    expect(url.searchParams.get('lang')).toBe('en');
    await w.page.waitForFunction(() => /\d/.test(document.querySelector('[data-metric=dialed] [data-test=value]')?.textContent ?? ''));
    expect(await w.page.locator('.title').textContent()).toContain('north');
    // Only the first load carries the token in its URL: the API calls and the socket get it otherwise.
    const [first, ...after] = w.requests;
    expect(first).toContain(`token=${TOKENS.VIEWER_TOKEN}`);
    expect(after.filter((r) => r.includes('/api/')).length).toBeGreaterThan(0);
    expect(after.filter((r) => r.includes('/socket.io/')).length).toBeGreaterThan(0);
    expect(after.filter((r) => r.includes(TOKENS.VIEWER_TOKEN))).toEqual([]);
    // A reload (the address bar as it is now, no token) is still the team's live wall: the token was kept.
    await w.page.reload();
    await w.page.waitForSelector('[data-test=live]');
    expect(await w.page.locator('.title').textContent()).toContain('north');
    expect(w.violations).toEqual([]);
    await w.page.close();
  }, 60_000);
});
