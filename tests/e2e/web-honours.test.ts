import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { asyncScheduler } from 'rxjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { championRange } from '../../server/src/scores/champions.js';
import { eventually } from '../helpers/eventually.js';
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
