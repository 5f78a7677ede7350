import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { asyncScheduler } from 'rxjs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { post, startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';
import { ARTIFACTS, ensureWebBuilt, launchChromium } from './browser.js';
import { seedFloor, TEAMS } from './seed.js';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  ensureWebBuilt();
  server = await startServer({ dataDir: tempDataDir('e2e-screens'), scheduler: asyncScheduler });
  expect(await post(`${server.url}/api/v1/events`, seedFloor(Date.now())).then((r) => r.status)).toBe(200);
  const goals = [
    ...Object.values(TEAMS)
      .flat()
      .map((a) => ({ scope: `agent:${a}`, metric: 'effective', period: 'day', target: 5 })),
    { scope: 'team:north', metric: 'sales', period: 'day', target: 8 },
    { scope: 'team:south', metric: 'leads', period: 'day', target: 12 },
  ];
  expect((await fetchJson('PUT', '/api/v1/goals', { goals })).status).toBe(200);
  // Something for the supervisor's inbox.
  await post(`${server.url}/api/v1/events`, {
    id: 'shot-help',
    type: 'help.requested',
    ts: Date.now() - 60_000,
    teamId: 'south',
    agentId: 'SunLi',
    message: 'customer asks for a refund',
  });
  browser = await launchChromium();
  mkdirSync(ARTIFACTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function fetchJson(method: string, p: string, body: unknown): Promise<Response> {
  return fetch(`${server.url}${p}`, {
    method,
    headers: { authorization: `Bearer ${TOKENS.ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

const PAGES = [
  { name: 'wall', path: '/wall', token: TOKENS.VIEWER_TOKEN, ready: '[data-test=live]' },
  { name: 'wall-team-north', path: '/wall?scope=team:north', token: TOKENS.VIEWER_TOKEN, ready: '[data-test=live]' },
  { name: 'supervisor', path: '/supervisor', token: TOKENS.SUPERVISOR_TOKEN, ready: '[data-alert-id]' },
  { name: 'history', path: '/history', token: TOKENS.ADMIN_TOKEN, ready: '[data-chart="series.csv"] canvas' },
  { name: 'admin', path: '/admin', token: TOKENS.ADMIN_TOKEN, ready: '[data-test=rule-json]' },
] as const;

test('screenshots of every page at 1920×1080 in English and Simplified Chinese', async () => {
  for (const lang of ['en', 'zh-CN'] as const) {
    for (const p of PAGES) {
      const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
      await page.goto(`${server.url}${p.path}${p.path.includes('?') ? '&' : '?'}token=${p.token}&lang=${lang}`);
      await page.waitForSelector(p.ready, { timeout: 15_000 });
      if (p.name === 'admin')
        await page
          .locator('[data-action=backtest]')
          .click()
          .then(() => page.waitForSelector('[data-test=backtest]', { timeout: 15_000 }));
      // Charts draw on the next frames; the live numbers arrive within a second.
      await page.waitForTimeout(1500);
      const file = path.join(ARTIFACTS, `${p.name}-${lang}.png`);
      await page.screenshot({ path: file });
      expect(statSync(file).size).toBeGreaterThan(20_000);
      if (p.name.startsWith('wall')) {
        // A kiosk page never scrolls.
        const overflow = await page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight);
        expect(overflow).toBeLessThanOrEqual(0);
      }
      await page.close();
    }
  }
}, 180_000);
