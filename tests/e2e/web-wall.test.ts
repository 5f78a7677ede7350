import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { asyncScheduler } from 'rxjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { get, post, startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';
import { ARTIFACTS, ensureWebBuilt, launchChromium } from './browser.js';
import { seedFloor } from './seed.js';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  ensureWebBuilt();
  // Real time: the browser's clock and the server's must agree on "today" and the live windows.
  server = await startServer({ dataDir: tempDataDir('e2e-wall'), scheduler: asyncScheduler });
  const seeded = await post(`${server.url}/api/v1/events`, seedFloor(Date.now(), { days: 2 }));
  expect(seeded.status).toBe(200);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function open(path: string, token: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await page.goto(`${server.url}${path}${path.includes('?') ? '&' : '?'}token=${token}&lang=en`);
  return page;
}
const count = (s: string | null) => Number((s ?? '').replace(/[^\d]/g, ''));

describe('the wall in a real browser', () => {
  test('a sale posted through the ingest API celebrates the agent by name and raises the sales tile', async () => {
    const page = await open('/wall', TOKENS.VIEWER_TOKEN);
    await page.waitForSelector('[data-test=live]');
    const sales = page.locator('[data-metric=sales] [data-test=value]');
    await page.waitForFunction(() => /\d/.test(document.querySelector('[data-metric=sales] [data-test=value]')?.textContent ?? ''));
    const before = count(await sales.textContent());

    const now = Date.now();
    const base = { teamId: 'north', agentId: 'LiWei', callId: 'e2e-sale-1' };
    const res = await post(`${server.url}/api/v1/events`, [
      { ...base, id: 'e2e-sale-1-d', type: 'call.dialed', ts: now - 200_000, channel: 'human' },
      { ...base, id: 'e2e-sale-1-a', type: 'call.answered', ts: now - 190_000 },
      { ...base, id: 'e2e-sale-1-e', type: 'call.ended', ts: now - 10_000, answered: true, talkSeconds: 180, hangupBy: 'agent' },
      { ...base, id: 'e2e-sale-1-o', type: 'call.outcome', ts: now - 5_000, outcome: 'sale', amount: 3888 },
    ]);
    expect(res.status).toBe(200);

    // The seeded floor's own sales celebrate too, and the rules stage may still be publishing them when
    // the page opens (a loaded machine): the wall queues cards 6 s each, in order, so LiWei's comes after those.
    const card = page.locator('[data-test=celebration]', { hasText: 'LiWei' });
    await card.waitFor({ timeout: 40_000 });
    expect(await card.textContent()).toContain('3,888');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(ARTIFACTS, 'wall-celebration-en.png') });
    await page.waitForFunction(
      (b) => Number((document.querySelector('[data-metric=sales] [data-test=value]')?.textContent ?? '').replace(/[^\d]/g, '')) === b + 1,
      before,
      { timeout: 10_000 },
    );
    await page.close();
  }, 60_000);

  test('an alert acked on one supervisor page leaves the open list on a second page', async () => {
    const a = await open('/supervisor', TOKENS.SUPERVISOR_TOKEN);
    const b = await open('/supervisor', TOKENS.SUPERVISOR_TOKEN);
    await Promise.all([a.waitForSelector('[data-test=inbox]'), b.waitForSelector('[data-test=inbox]')]);
    const res = await post(`${server.url}/api/v1/events`, {
      id: 'e2e-help-1',
      type: 'help.requested',
      ts: Date.now() - 1000,
      teamId: 'south',
      agentId: 'ZhouTao',
      message: 'customer wants a manager',
    });
    expect(res.status).toBe(200);

    const cardA = a.locator('[data-alert-id]', { hasText: 'ZhouTao' });
    const cardB = b.locator('[data-alert-id]', { hasText: 'ZhouTao' });
    await Promise.all([cardA.waitFor({ timeout: 10_000 }), cardB.waitFor({ timeout: 10_000 })]);
    const id = await cardA.getAttribute('data-alert-id');
    expect(id).toBeTruthy();
    // Help requests stand out: their own class and a label.
    expect(await cardB.getAttribute('class')).toContain('help');

    await cardA.locator('input').fill('on my way');
    await cardA.locator('[data-action=ack]').click();
    await b.locator(`[data-alert-id="${id}"]`).waitFor({ state: 'detached', timeout: 10_000 });
    await a.locator(`[data-alert-id="${id}"]`).waitFor({ state: 'detached', timeout: 10_000 });

    const list = await get(`${server.url}/api/v1/alerts?status=acknowledged`, TOKENS.SUPERVISOR_TOKEN);
    const acked = (list.body.alerts as { id: string; note?: string }[]).find((x) => x.id === id);
    expect(acked?.note).toBe('on my way');
    await Promise.all([a.close(), b.close()]);
  }, 60_000);

  test('when the socket is cut the wall says STALE and greys its numbers', async () => {
    const page = await open('/wall', TOKENS.VIEWER_TOKEN);
    await page.waitForSelector('[data-test=live]');
    expect(await page.locator('[data-test=stale]').count()).toBe(0);
    await server.stop();
    await page.waitForSelector('[data-test=stale]', { timeout: 10_000 });
    expect(await page.locator('[data-test=stale]').textContent()).toContain('STALE');
    expect(await page.locator('[data-metric=connectRate]').getAttribute('class')).toContain('stale');
    expect(await page.locator('[data-metric=connectRate]').getAttribute('data-level')).toBe('none');
    expect(await page.locator('[data-test=live]').count()).toBe(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'wall-stale-en.png') });
    await page.close();
  }, 60_000);
});
