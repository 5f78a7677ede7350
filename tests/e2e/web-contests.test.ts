import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { asyncScheduler } from 'rxjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { post, startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';
import { ensureWebBuilt, launchChromium } from './browser.js';

const SHOTS = '/work/shots/contests';
let server: TestServer;
let browser: Browser;
const admin = { authorization: `Bearer ${TOKENS.ADMIN_TOKEN}`, 'content-type': 'application/json' };
const putRoster = async (p: string, body: object) =>
  expect((await fetch(`${server.url}/api/v1/roster/${p}`, { method: 'PUT', headers: admin, body: JSON.stringify(body) })).status).toBe(200);
const sale = (id: string, agentId: string, teamId: string, ts: number) => ({
  id,
  type: 'call.outcome',
  ts,
  teamId,
  agentId,
  callId: `c-${id}`,
  channel: 'human',
  outcome: 'sale',
});

beforeAll(async () => {
  ensureWebBuilt();
  // Real time: the browser's clock and the server's agree on what is running.
  // Every card at once (no share of the minute held back): the sales' own cards come before the contest's.
  server = await startServer({ dataDir: tempDataDir('e2e-contests'), scheduler: asyncScheduler, env: { CELEBRATION_MINUTE_SHARE: '1' } });
  await putRoster('teams/north', { name: '北区一组', timeZone: 'Asia/Shanghai', supervisors: [] });
  await putRoster('teams/south', { name: '南区二组', timeZone: 'Asia/Shanghai', supervisors: [] });
  await putRoster('agents/WangFang', { name: '王芳', teamId: 'north', channel: 'human', active: true });
  await putRoster('agents/ZhaoLei', { name: '赵磊', teamId: 'south', channel: 'human', active: true });
  mkdirSync(SHOTS, { recursive: true });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function open(where: string, lang: 'en' | 'zh-CN', token: string = TOKENS.VIEWER_TOKEN, hash = ''): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await page.goto(`${server.url}${where}?token=${token}&lang=${lang}${hash}`);
  return page;
}

describe('a contest in a real browser', () => {
  test('the wall shows the race bar by team names, moving live, then its winner celebrated and crowned', async () => {
    const now = Date.now();
    const created = await post(
      `${server.url}/api/v1/contests`,
      {
        name: 'First to 2 sales',
        kind: 'target',
        metric: 'sales',
        target: 2,
        from: new Date(now - 5 * 60_000).toISOString(),
        to: new Date(now + 30 * 60_000).toISOString(),
        participants: ['team:north', 'team:south'],
      },
      TOKENS.SUPERVISOR_TOKEN,
    );
    expect(created.status).toBe(201);
    const en = await open('/wall', 'en');
    const zh = await open('/wall', 'zh-CN');
    for (const page of [en, zh]) await page.waitForSelector('[data-test=wall-contests] [data-status=running]');
    expect((await post(`${server.url}/api/v1/events`, [sale('w1', 'WangFang', 'north', Date.now() - 1000)])).status).toBe(200);
    for (const page of [en, zh]) {
      const first = page.locator('[data-test=contest-line]').first();
      await first.locator('[data-test=contest-value]', { hasText: '1' }).waitFor();
      expect(await first.textContent()).toContain('北区一组');
      expect(await page.locator('[data-test=wall-contests]').textContent()).toContain('南区二组');
    }
    // Past the sale's own celebration: the bar itself, read from across the room.
    await en.waitForSelector('[data-test=celebration]', { state: 'detached', timeout: 20_000 });
    await zh.waitForSelector('[data-test=celebration]', { state: 'detached', timeout: 20_000 });
    expect(await en.locator('[data-test=wall-contests]').textContent()).toContain('First to 2 Sales');
    expect(await zh.locator('[data-test=wall-contests]').textContent()).toContain('先到 2 成交');
    await en.screenshot({ path: path.join(SHOTS, 'wall-contest-running-en.png') });
    await zh.screenshot({ path: path.join(SHOTS, 'wall-contest-running-zh-CN.png') });

    expect((await post(`${server.url}/api/v1/events`, [sale('w2', 'WangFang', 'north', Date.now() - 500)])).status).toBe(200);
    const cardEn = en.locator('[data-test=celebration]', { hasText: 'CONTEST WON!' });
    const cardZh = zh.locator('[data-test=celebration]', { hasText: '竞赛夺冠' });
    await cardEn.waitFor({ timeout: 30_000 });
    await cardZh.waitFor({ timeout: 30_000 });
    expect(await cardEn.locator('[data-test=celebration-who]').textContent()).toBe('北区一组');
    expect(await cardZh.textContent()).toContain('赢得「First to 2 sales」');
    await en.screenshot({ path: path.join(SHOTS, 'wall-contest-won-en.png') });
    await zh.screenshot({ path: path.join(SHOTS, 'wall-contest-won-zh-CN.png') });
    for (const page of [en, zh]) {
      await page.waitForSelector('[data-test=wall-contests] [data-status=decided]');
      expect(await page.locator('.winner').first().textContent()).toContain('★ 北区一组');
    }
    await en.close();
    await zh.close();
  }, 90_000);

  test.each(['en', 'zh-CN'] as const)(
    '%s: a supervisor starts one from the Contests tab; the history page lists the result with its SQL',
    async (lang) => {
      const page = await open('/admin', lang, TOKENS.SUPERVISOR_TOKEN, '#contests');
      const form = page.locator('[data-test=contest-form]');
      await form.waitFor();
      // A supervisor sees the Contests tab only.
      expect(await page.locator('[role=tab]').count()).toBe(1);
      await form.locator('input[name=name]').fill(`Afternoon sprint ${lang}`);
      await form.locator('select[name=metric]').selectOption('effective');
      await form.locator('[data-participant=north]').check();
      await form.locator('[data-participant=south]').check();
      await form.locator('[data-action=create-contest]').click();
      const listed = page.locator('[data-test=contest-list] tr', { hasText: `Afternoon sprint ${lang}` });
      await listed.waitFor();
      expect(await listed.textContent()).toContain(lang === 'en' ? 'Effective' : '有效通话');
      await page.screenshot({ path: path.join(SHOTS, `admin-contests-${lang}.png`), fullPage: true });
      await page.close();

      const hist = await open('/history', lang, TOKENS.ANALYST_TOKEN);
      const row = hist.locator('[data-test=history-contests] tr', { hasText: 'First to 2 sales' });
      await row.waitFor();
      // The roster's names arrive after the list (a separate request): the winner reads as its name once they have.
      const winner = row.locator('[data-test=contest-winner]');
      await hist.waitForFunction((el) => el?.textContent === '北区一组', await winner.elementHandle(), { timeout: 10_000 });
      expect(await winner.textContent()).toBe('北区一组');
      await row.locator('[data-action=contest-sql]').click();
      expect(await hist.locator('[data-test=contest-sql]').textContent()).toContain('FROM `call_events`');
      await hist.locator('[data-test=history-contests]').screenshot({ path: path.join(SHOTS, `history-contests-${lang}.png`) });
      await hist.close();
    },
    60_000,
  );
});
