import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { asyncScheduler } from 'rxjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { liveAndSql } from '../helpers/live-vs-sql.js';
import { post, startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';
import { ARTIFACTS, ensureWebBuilt, launchChromium } from './browser.js';
import { daytimeFloor, seedFloor } from './seed.js';

let server: TestServer;
let browser: Browser;

/** Robot lines screen leads, people call them back: 6 follow-ups, 5 answered, 2 sold (with amounts). */
function hotLeads(now: number): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < 6; i++) {
    const bot = { teamId: 'north', agentId: 'robot-01', callId: `hl-bot-${i}` };
    const ts = now - 50 * 60_000 + i * 60_000;
    out.push({ ...bot, id: `hl-bot-${i}-d`, type: 'call.dialed', ts, channel: 'robot' });
    out.push({ ...bot, id: `hl-bot-${i}-o`, type: 'call.outcome', ts: ts + 60_000, outcome: 'lead' });
    const person = { teamId: 'north', agentId: i % 2 ? 'WangFang' : 'LiWei', callId: `hl-fu-${i}` };
    const at = ts + 5 * 60_000;
    out.push({ ...person, id: `hl-fu-${i}-d`, type: 'call.dialed', ts: at, channel: 'human', leadCallId: bot.callId });
    if (i === 5) continue;
    out.push({ ...person, id: `hl-fu-${i}-a`, type: 'call.answered', ts: at + 8_000 });
    if (i < 2) out.push({ ...person, id: `hl-fu-${i}-o`, type: 'call.outcome', ts: at + 200_000, outcome: 'sale', amount: 2888 + i });
  }
  return out;
}

beforeAll(async () => {
  ensureWebBuilt();
  // Real time: the browser's clock and the server's must agree on "today".
  const now = Date.now();
  // Mid-afternoon on the floor's clock, so today holds the seeded last hour whatever the hour (seed.ts).
  const floor = daytimeFloor(now);
  server = await startServer({ dataDir: tempDataDir('e2e-motivation'), scheduler: asyncScheduler, env: { FLOOR_TZ: floor.zone } });
  expect(
    (await post(`${server.url}/api/v1/events`, [...seedFloor(now, { days: 1, offsetHours: floor.offsetHours }), ...hotLeads(now)])).status,
  ).toBe(200);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the wall shows the division of labour and revenue, equal to SQL', () => {
  test.each(['en', 'zh-CN'] as const)(
    '%s: hot leads followed up, screened, their conversion and revenue are the warehouse numbers',
    async (lang) => {
      const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
      await page.goto(`${server.url}/wall?token=${TOKENS.VIEWER_TOKEN}&lang=${lang}`);
      await page.waitForSelector('[data-test=live]');
      await page.waitForFunction(() => /\d/.test(document.querySelector('[data-test=hot-conversion]')?.textContent ?? ''));
      const human = (await liveAndSql(server, 'channel:human', 'today')).sql;
      const robot = (await liveAndSql(server, 'channel:robot', 'today')).sql;
      const floor = (await liveAndSql(server, 'floor', 'today')).sql;
      expect(human).toMatchObject({ hotLeadDialed: 6, hotLeadAnswered: 5, hotLeadSales: 2 });
      const nf = new Intl.NumberFormat(lang);
      const pct = new Intl.NumberFormat(lang, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
      const money = new Intl.NumberFormat(lang, {
        style: 'currency',
        currency: 'CNY',
        currencyDisplay: 'narrowSymbol',
        maximumFractionDigits: 0,
        minimumFractionDigits: 0,
      });
      expect(await page.locator('[data-test=followed]').textContent()).toBe(nf.format(human.hotLeadDialed));
      expect(await page.locator('[data-test=screened]').textContent()).toBe(nf.format(robot.robotLeads));
      expect(await page.locator('[data-test=hot-conversion]').textContent()).toBe(pct.format(human.hotLeadSales / human.hotLeadAnswered));
      expect(await page.locator('[data-metric=revenue] [data-test=value]').textContent()).toBe(money.format(floor.revenue));
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, `wall-hot-leads-${lang}.png`) });
      await page.close();
    },
  );

  test("six sales in one request merge into one card with the people's names, and the wall is not held for a minute", async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${server.url}/wall?token=${TOKENS.VIEWER_TOKEN}&lang=zh-CN`);
    await page.waitForSelector('[data-test=live]');
    const now = Date.now();
    const people = ['王芳', '李伟', '张敏', '刘洋', '陈静', '赵磊'];
    const events = people.flatMap((agentId, i) => {
      const base = { teamId: 'north', agentId, callId: `merge-${i}` };
      return [
        { ...base, id: `merge-${i}-d`, type: 'call.dialed', ts: now - 300_000, channel: 'human' },
        { ...base, id: `merge-${i}-a`, type: 'call.answered', ts: now - 290_000 },
        { ...base, id: `merge-${i}-e`, type: 'call.ended', ts: now - 20_000, answered: true, talkSeconds: 270, hangupBy: 'agent' },
        { ...base, id: `merge-${i}-o`, type: 'call.outcome', ts: now - 10_000, outcome: 'sale', amount: 1000 },
      ];
    });
    expect((await post(`${server.url}/api/v1/events`, events)).body.accepted).toBe(24);
    // The first sale shows at once on its own (the wall was idle); the five waiting behind it merge into one card.
    const merged = page.locator('[data-test=celebration-who].many', { hasText: '张敏' });
    await merged.waitFor({ timeout: 70_000 });
    const who = (await merged.textContent()) ?? '';
    for (const name of people.slice(1)) expect(who).toContain(name);
    expect(await page.locator('[data-test=celebration] .kind').textContent()).toMatch(/^\d+ 笔成交！$/);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'wall-celebrations-merged-zh-CN.png') });
    await page.close();
  }, 90_000);
});
