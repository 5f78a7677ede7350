import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { myScoresAnswerSchema } from '@floorpulse/shared';
import type { Browser } from 'playwright-core';
import { asyncScheduler } from 'rxjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SESSION_COOKIE } from '../../server/src/auth/sessions.js';
import { championRange } from '../../server/src/scores/champions.js';
import { eventually } from '../helpers/eventually.js';
import { person } from '../helpers/people.js';
import { post, startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';
import { ensureWebBuilt, launchChromium } from './browser.js';
import { seedFloor, TEAMS } from './seed.js';

/**
 * The honour roll (/wall?view=honours): last week's star, decided at the start that followed the week,
 * the champions and the streaks, in the roster's names, equal to SQL; screenshots in en and zh-CN.
 */
const SHOTS = '/work/shots/scores';
const NAMES: Record<string, string> = {
  LiWei: '李伟',
  ZhangMin: '张敏',
  WangFang: '王芳',
  ChenJing: '陈静',
  LiuYang: '刘洋',
  ZhaoLei: '赵磊',
  SunLi: '孙丽',
  ZhouTao: '周涛',
  WuHua: '吴华',
};
const env = { CALL_HOURS: '00:00-23:59', STAR_MIN_DIALS: '20', LIVE_HORIZON_MINUTES: '30' };
const dataDir = tempDataDir('e2e-honours');
let server: TestServer;
let browser: Browser;
const admin = { authorization: `Bearer ${TOKENS.ADMIN_TOKEN}`, 'content-type': 'application/json' };

async function put(url: string, body: object): Promise<void> {
  expect((await fetch(url, { method: 'PUT', headers: admin, body: JSON.stringify(body) })).status).toBeLessThan(300);
}
async function sql<T>(query: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const rs = await server.store.client.query({ query, query_params: params, format: 'JSONEachRow' });
  return rs.json<T>();
}

beforeAll(async () => {
  ensureWebBuilt();
  server = await startServer({ dataDir, scheduler: asyncScheduler, env });
  for (const [team, agents] of Object.entries(TEAMS)) {
    await put(`${server.url}/api/v1/roster/teams/${team}`, {
      name: team === 'north' ? '北区一组' : '南区二组',
      timeZone: 'Asia/Shanghai',
      supervisors: [],
    });
    for (const a of agents)
      await put(`${server.url}/api/v1/roster/agents/${a}`, { name: NAMES[a], teamId: team, channel: 'human', active: true });
  }
  const goals = ['WangFang', 'LiWei', 'ZhaoLei'].map((a, i) => ({
    scope: `agent:${a}`,
    metric: 'effective',
    period: 'day',
    target: 4 + i * 4,
  }));
  await put(`${server.url}/api/v1/goals`, { goals });
  expect((await post(`${server.url}/api/v1/events`, seedFloor(Date.now(), { days: 13 }))).status).toBe(200);
  // The start after a week closed decides that week's star: as a restart after the weekend does.
  await server.stop();
  server = await startServer({ dataDir, scheduler: asyncScheduler, env });
  await eventually(
    'last week decided',
    async () => Number((await sql<{ n: string }>('SELECT count() AS n FROM stars_of_week FINAL'))[0]?.n) === 1 || null,
    20_000,
  );
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stopAll();
});

describe('the honour roll', () => {
  test.each(['en', 'zh-CN'] as const)(
    "%s: the star of the week and the champions are the SQL's, in the roster's names",
    async (lang) => {
      const [star] = await sql<{ agent_id: string; score: number }>(
        'SELECT agent_id, score FROM stars_of_week FINAL ORDER BY week_start DESC LIMIT 1',
      );
      const { from, to } = championRange('month', Date.now(), 'Asia/Shanghai');
      const [salesChampion] = await sql<{ agent_id: string; sales: string }>(
        // The documented order: most sales, then most revenue, then the smaller id.
        `SELECT agent_id, countIf(outcome = 'sale') AS sales, sumIf(ifNull(amount, 0), outcome = 'sale') AS revenue FROM call_events
         WHERE type = 'call.outcome' AND channel != 'robot' AND ts >= fromUnixTimestamp64Milli({from:Int64}) AND ts < fromUnixTimestamp64Milli({to:Int64})
         GROUP BY agent_id ORDER BY sales DESC, revenue DESC, agent_id LIMIT 1`,
        { from, to },
      );
      const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
      await page.goto(`${server.url}/wall?token=${TOKENS.VIEWER_TOKEN}&lang=${lang}&view=honours`);
      await page.waitForSelector('[data-test=live]');
      await page.waitForFunction(() => (document.querySelector('[data-test=honours-star] .name')?.textContent ?? '').trim().length > 1);
      expect((await page.locator('[data-test=honours-star] .name').textContent())?.trim()).toBe(NAMES[star!.agent_id]);
      expect(await page.locator('[data-test=honours-star] .score').textContent()).toContain(String(Math.round(Number(star!.score))));
      const monthSales = page.locator('[data-test=honours-champions] tr[data-period=month] td').first();
      expect((await monthSales.locator('.who').textContent())?.trim()).toBe(NAMES[salesChampion!.agent_id]);
      expect((await monthSales.locator('.v').textContent())?.trim()).toBe(new Intl.NumberFormat(lang).format(Number(salesChampion!.sales)));
      // The streaks in progress: people, by name, days in a row.
      await page.waitForSelector('[data-test=honours-streaks] li');
      expect(await page.locator('[data-test=honours-streaks] .who').allTextContents()).toContain(NAMES.WangFang);
      mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SHOTS, `wall-honours-${lang}.png`) });
      await page.close();
    },
    60_000,
  );
});

describe('the scores on /me and the admin page', () => {
  test.each(['en', 'zh-CN'] as const)("%s: /me shows my week's KPI score and its parts, as the API answers", async (lang) => {
    const agent = await person(server.url, {
      login: `wang.${lang}`,
      name: '王芳',
      role: 'agent',
      agentId: 'WangFang',
      password: 'agent-pass-67890',
    });
    const mine = myScoresAnswerSchema.parse(await (await fetch(`${server.url}/api/v1/me/scores`, { headers: agent.headers })).json());
    const week = mine.periods.find((p) => p.period === 'week')!.scores!;
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    await context.addCookies([
      { name: SESSION_COOKIE, value: agent.cookie.slice(`${SESSION_COOKIE}=`.length), url: server.url, httpOnly: true, sameSite: 'Strict' },
    ]);
    const page = await context.newPage();
    await page.goto(`${server.url}/me?lang=${lang}`);
    const panel = page.locator('[data-test=me-scores]');
    await panel.locator('[data-period=week]').click();
    await page.waitForFunction(() => /\d/.test(document.querySelector('[data-test=score-kpi] .big')?.textContent ?? ''));
    expect(await panel.locator('[data-test=score-kpi] .big').textContent()).toBe(String(Math.round(week.kpi.score!)));
    // No rating or QA sheet in the seed: satisfaction and the whole call-quality score are "—", never 0.
    expect(await panel.locator('[data-test=score-quality] .big').textContent()).toBe('—');
    const volume = week.kpi.parts.find((p) => p.part === 'volume')!.value!;
    expect(await panel.locator('[data-test=score-kpi] li').first().locator('.v').textContent()).toBe(String(Math.round(volume * 100)));
    await panel.scrollIntoViewIfNeeded();
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, `me-scores-${lang}.png`), fullPage: true });
    await context.close();
  });

  test('en: the Scores tab refuses weights that do not sum to 100, naming the score, and saves good ones', async () => {
    const chen = await person(server.url, { login: 'chen.admin', name: '陈管理', role: 'admin', password: 'admin-password-1' });
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    await context.addCookies([
      { name: SESSION_COOKIE, value: chen.cookie.slice(`${SESSION_COOKIE}=`.length), url: server.url, httpOnly: true, sameSite: 'Strict' },
    ]);
    const page = await context.newPage();
    await page.goto(`${server.url}/admin?lang=en#scores`);
    const tab = page.locator('[data-test=admin-scores]');
    await tab.locator('[data-score=kpi] [data-part=volume]').fill('10');
    expect(await tab.locator('[data-score=kpi] [data-test=sum]').textContent()).toBe('Sum: 90%');
    await tab.locator('[data-test=save-weights]').click();
    await page.waitForSelector('[data-test=weights-error]');
    expect(await tab.locator('[data-test=weights-error]').textContent()).toBe('kpi: weights must sum to 100');
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, 'admin-scores-en.png') });
    await tab.locator('[data-score=kpi] [data-part=conversion]').fill('40');
    await tab.locator('[data-test=save-weights]').click();
    await page.waitForSelector('[role=status]');
    const weights = await (
      await fetch(`${server.url}/api/v1/scores/weights`, { headers: { authorization: `Bearer ${TOKENS.ADMIN_TOKEN}` } })
    ).json();
    expect(weights.weights.kpi).toEqual({ volume: 10, conversion: 40, satisfaction: 30, compliance: 20 });
    await context.close();
  });
});
