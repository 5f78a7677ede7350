import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { asyncScheduler } from 'rxjs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { get, post, startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';
import { ensureWebBuilt, launchChromium } from './browser.js';
import { daytimeFloor } from './seed.js';

/**
 * The supervisor page's card of dials the pre-dial check stopped today (docs/metrics.md, "Dials stopped by
 * the pre-dial check"): "—" and a line before any check, then the API's numbers, reasons and team names, in
 * en and zh-CN. Screenshots in /work/shots/checks/.
 */
const SHOTS = '/work/shots/checks';
let server: TestServer;
let browser: Browser;
const NOW = Date.now();
// Mid-afternoon on the floor, so the calling hours (three hours either side of now) hold now and not now + 5 h.
const FLOOR = daytimeFloor(NOW);
const HOUR = 3_600_000;

beforeAll(async () => {
  ensureWebBuilt();
  server = await startServer({ dataDir: tempDataDir('e2e-dial-checks'), scheduler: asyncScheduler, env: { FLOOR_TZ: FLOOR.zone } });
  for (const [id, name] of [
    ['north', '北区'],
    ['south', '南区'],
  ] as const) {
    const res = await fetch(`${server.url}/api/v1/roster/teams/${id}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${TOKENS.ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name, timeZone: FLOOR.zone, supervisors: [] }),
    });
    expect(res.status).toBe(200);
  }
  browser = await launchChromium();
  mkdirSync(SHOTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function open(lang: 'en' | 'zh-CN'): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  await page.goto(`${server.url}/supervisor?token=${TOKENS.SUPERVISOR_TOKEN}&lang=${lang}`);
  await page.waitForSelector('[data-test=dial-checks]', { timeout: 15_000 });
  return page;
}
// biome-ignore lint/performance/useDomNodeTextContent: the text as a person reads it: the card's flex items are words apart on screen, run together in textContent
const text = async (page: Page, sel: string) => (await page.locator(sel).innerText()).replace(/\s+/g, ' ').trim();
const ask = (body: object) => post(`${server.url}/api/v1/compliance/check`, body, TOKENS.INGEST_TOKEN);

test('before any check the card shows "—" and says no pre-dial check was asked, never 0', async () => {
  const page = await open('en');
  await page.waitForSelector('[data-test=dial-checks-none]');
  expect(await text(page, '[data-test=dial-checks-total]')).toBe('—');
  expect(await text(page, '[data-test=dial-checks-none]')).toBe('No pre-dial check was asked today.');
  await page.locator('[data-test=dial-checks]').screenshot({ path: `${SHOTS}/card-none-en.png` });
  await page.close();
});

test('after checks the card shows the API’s stopped of all checks, the reasons and the teams by name, in en and zh-CN', async () => {
  const phone = '+8613911112222';
  const consent = NOW + 24 * HOUR;
  for (let i = 0; i < 6; i++)
    expect((await ask({ teamId: 'north', agentId: 'LiWei', phone, consentExpiresAt: consent })).body.allow).toBe(true);
  // A dial five hours from now, out of the calling hours, with consent expired: one dial stopped for two reasons.
  for (let i = 0; i < 2; i++)
    expect(
      (await ask({ teamId: 'north', agentId: 'LiWei', phone, consentExpiresAt: NOW - HOUR, at: NOW + 5 * HOUR })).body.reasons,
    ).toEqual(['outside_hours', 'no_consent']);
  for (let i = 0; i < 3; i++)
    expect((await ask({ teamId: 'south', agentId: 'SunLi', phone, consentExpiresAt: NOW - HOUR })).body.reasons).toEqual(['no_consent']);
  const api = (await get(`${server.url}/api/v1/compliance/checks`, TOKENS.SUPERVISOR_TOKEN)).body;
  expect(api.total).toEqual({ checks: 11, allowed: 6, refused: 5, byReason: { outside_hours: 2, frequency_cap: 0, no_consent: 5 } });

  const en = await open('en');
  await en.waitForSelector('[data-test=dial-checks] .reasons');
  expect(await text(en, '[data-test=dial-checks-total]')).toBe('5 of 11 checks');
  expect(await text(en, '[data-reason=outside_hours]')).toBe('Outside calling hours 2');
  expect(await text(en, '[data-reason=frequency_cap]')).toBe('Number called too often 0');
  expect(await text(en, '[data-reason=no_consent]')).toBe('No valid consent 5');
  // Most stopped first, by the roster's names, not ids.
  expect(await text(en, '[data-test=dial-checks-teams]')).toBe('南区 3 北区 2');
  expect(await en.locator('[data-test=dial-checks-stale]').count()).toBe(0);
  await en.locator('[data-test=dial-checks]').screenshot({ path: `${SHOTS}/card-en.png` });
  await en.screenshot({ path: `${SHOTS}/supervisor-en.png` });
  await en.close();

  const zh = await open('zh-CN');
  await zh.waitForSelector('[data-test=dial-checks] .reasons');
  expect(await text(zh, '[data-test=dial-checks] h3')).toBe('今日拨号前拦截');
  expect(await text(zh, '[data-test=dial-checks-total]')).toBe('5 次（共 11 次检查）');
  expect(await text(zh, '[data-reason=no_consent]')).toBe('无有效授权 5');
  await zh.locator('[data-test=dial-checks]').screenshot({ path: `${SHOTS}/card-zh-CN.png` });
  await zh.screenshot({ path: `${SHOTS}/supervisor-zh-CN.png` });
  await zh.close();
});
