import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { weeklyReportAnswerSchema } from '@floorpulse/shared';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { asyncScheduler } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localParts } from '../../server/src/pipeline/time/local-day.js';
import { person, type Session } from '../helpers/people.js';
import { get, post, startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';
import { ensureWebBuilt, launchChromium, signedInContext } from './browser.js';
import { daytimeFloor, seedFloor, TEAMS } from './seed.js';

/**
 * The reports in a real chromium: the weekly report tab of the history page, a team's daily report and
 * /me's day summary after the shift, in English and Simplified Chinese, on screen and as printed
 * (print media emulated): black on white, no buttons, no navigation bar. Screenshots go to /work/shots/reports.
 */
const SHOTS = '/work/shots/reports';
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
let server: TestServer;
let browser: Browser;
let sup: Session;
let agent: Session;

const admin = { authorization: `Bearer ${TOKENS.ADMIN_TOKEN}`, 'content-type': 'application/json' };
async function put(p: string, body: object): Promise<void> {
  expect((await fetch(`${server.url}${p}`, { method: 'PUT', headers: admin, body: JSON.stringify(body) })).status).toBe(200);
}

beforeAll(async () => {
  ensureWebBuilt();
  // Mid-afternoon on the floor's clock: today's team report holds the seeded last 45 minutes whatever the hour (seed.ts).
  const floor = daytimeFloor(Date.now());
  server = await startServer({ dataDir: tempDataDir('e2e-reports'), scheduler: asyncScheduler, env: { FLOOR_TZ: floor.zone } });
  expect((await post(`${server.url}/api/v1/events`, seedFloor(Date.now(), { days: 13, offsetHours: floor.offsetHours }))).status).toBe(200);
  // The shift ended an hour ago on the floor's clock.
  const p = localParts(Date.now() - 3_600_000, floor.zone);
  const now = localParts(Date.now(), floor.zone);
  const shiftEnd = now.day === p.day ? `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}` : '00:00';
  await put('/api/v1/roster/teams/north', { name: '北区', timeZone: floor.zone, supervisors: ['lin'], shiftEnd });
  await put('/api/v1/roster/teams/south', { name: '南区', timeZone: floor.zone, supervisors: [] });
  for (const [team, ids] of Object.entries(TEAMS))
    for (const id of ids) await put(`/api/v1/roster/agents/${id}`, { name: NAMES[id] ?? id, teamId: team, channel: 'human', active: true });
  await put('/api/v1/goals', {
    goals: [
      { scope: 'agent:WangFang', metric: 'dialed', period: 'day', target: 5 },
      { scope: 'agent:WangFang', metric: 'sales', period: 'day', target: 20 },
      { scope: 'agent:WangFang', metric: 'effective', period: 'month', target: 400 },
    ],
  });
  sup = await person(server.url, { login: 'lin', name: '林主管', role: 'supervisor', teams: ['north'], password: 'lin-password-1' });
  agent = await person(server.url, { login: 'wang.fang', name: '王芳', role: 'agent', agentId: 'WangFang', password: 'agent-pass-67890' });
  browser = await launchChromium();
  mkdirSync(SHOTS, { recursive: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stopAll();
});

const signedIn = (s: Session, viewport = { width: 1366, height: 900 }): Promise<BrowserContext> =>
  signedInContext(browser, server.url, s, viewport, { acceptDownloads: true });

/** What paper gets: the page's background, and whether the buttons and the navigation bar are gone. */
async function printed(page: Page): Promise<{ background: string; buttons: number; bar: number }> {
  await page.emulateMedia({ media: 'print' });
  return page.evaluate(() => ({
    background: getComputedStyle(document.body).backgroundColor,
    buttons: [...document.querySelectorAll('main button')].filter((b) => (b as HTMLElement).offsetParent !== null).length,
    bar: [...document.querySelectorAll('header.bar')].filter((b) => (b as HTMLElement).offsetParent !== null).length,
  }));
}

async function downloaded(page: Page, selector: string): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
}

describe('reports in a real browser', () => {
  for (const lang of ['en', 'zh-CN'] as const) {
    it(`the weekly report shows the API's numbers, exports them as CSV and prints black on white (${lang})`, async () => {
      const api = weeklyReportAnswerSchema.parse((await get(`${server.url}/api/v1/reports/weekly`)).body);
      const floor = api.scopes.find((s) => s.scope === 'floor')!;
      const context = await signedIn(sup);
      const page = await context.newPage();
      await page.goto(`${server.url}/history?tab=weekly&lang=${lang}`);
      const cell = page.locator('[data-scope=floor] [data-metric=dialed] td:nth-child(2)');
      await cell.waitFor({ timeout: 15_000 });
      const shown = Number((await cell.textContent())!.replace(/\D/g, ''));
      // Live data keeps landing (the seed's recent minutes): the page's number is the API's, within the seconds between them.
      expect(Math.abs(shown - floor.thisWeek!.counts.dialed)).toBeLessThanOrEqual(5);
      expect(await page.locator('[data-scope=team\\:north] h3').textContent()).toBe('北区');
      const csv = await downloaded(page, '[data-test=weekly-report] [data-action=csv]');
      const lines = csv.trim().split('\r\n');
      expect(lines[0]).toBe('scope,scope_name,metric,this_week,last_week,delta,this_from_utc,this_to_utc,last_from_utc,last_to_utc');
      expect(lines.some((l) => l.startsWith('team:north,北区,dialed,'))).toBe(true);
      expect(lines.length - 1).toBeGreaterThanOrEqual(20 * api.scopes.length);
      await page.screenshot({ path: path.join(SHOTS, `weekly-report-${lang}.png`), fullPage: false });
      expect(await printed(page)).toEqual({ background: 'rgb(255, 255, 255)', buttons: 0, bar: 0 });
      await page.screenshot({ path: path.join(SHOTS, `weekly-report-print-${lang}.png`), fullPage: false });
      await context.close();
    }, 60_000);

    it(`the team's daily report lists the agents by name, exports them and prints (${lang})`, async () => {
      const context = await signedIn(sup);
      const page = await context.newPage();
      await page.goto(`${server.url}/report?team=north&lang=${lang}`);
      await page.locator('[data-test=team-day] tbody tr').first().waitFor({ timeout: 15_000 });
      const names = await page.locator('[data-test=team-day] tbody td.name[data-channel=human]').allTextContents();
      expect(names.sort()).toEqual(TEAMS.north!.map((id) => NAMES[id]!).sort());
      const csv = await downloaded(page, '[data-action=csv]');
      expect(csv.split('\r\n')[0]).toMatch(/^team_id,team_name,day,agent_id,agent_name,dialed,/);
      expect(csv).toContain('north,北区,');
      expect(csv).toContain(',WangFang,王芳,');
      await page.screenshot({ path: path.join(SHOTS, `team-day-${lang}.png`) });
      expect(await printed(page)).toEqual({ background: 'rgb(255, 255, 255)', buttons: 0, bar: 0 });
      await page.screenshot({ path: path.join(SHOTS, `team-day-print-${lang}.png`) });
      await context.close();
    }, 60_000);

    it(`/me shows the day's summary after the shift, with an empty points slot (${lang})`, async () => {
      for (const viewport of [
        { width: 390, height: 844 },
        { width: 1366, height: 768 },
      ]) {
        const context = await signedIn(agent, viewport);
        const page = await context.newPage();
        await page.goto(`${server.url}/me?lang=${lang}`);
        const summary = page.locator('[data-test=me-summary]');
        await summary.waitFor({ timeout: 15_000 });
        await page.waitForFunction(() =>
          /\d/.test(document.querySelector('[data-test=me-summary] [data-metric=dialed] dd')?.textContent ?? ''),
        );
        expect(await summary.locator('[data-slot=points] strong').textContent()).toBe('—');
        expect(await summary.locator('[data-test=goals-met]').textContent()).toMatch(/2/);
        // The monthly goal's share of the working days left, with its pace mark (docs/rules.md, "Goal decomposition").
        expect(await page.locator('[data-test=me-goals] [data-test=goal-pace]').count()).toBe(1);
        await page.screenshot({ path: path.join(SHOTS, `me-summary-${lang}-${viewport.width}.png`), fullPage: viewport.width < 500 });
        await context.close();
      }
    }, 60_000);
  }

  it("the supervisor's table and the wall's goal bars mark the monthly goal on pace or behind", async () => {
    const context = await signedIn(sup);
    const page = await context.newPage();
    await page.goto(`${server.url}/supervisor?lang=zh-CN&scope=floor`);
    await page.locator('[data-agent=WangFang] [data-test=goal-pace]').waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-test=team-report]').getAttribute('href')).toBe('/report?team=north');
    await page.screenshot({ path: path.join(SHOTS, 'supervisor-goal-pace-zh-CN.png') });
    await context.close();
    const wall = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const wp = await wall.newPage();
    await wp.goto(`${server.url}/wall?lang=zh-CN&token=${TOKENS.VIEWER_TOKEN}`);
    await wp.locator('.goals [data-test=goal-share]').first().waitFor({ timeout: 15_000 });
    await wp.screenshot({ path: path.join(SHOTS, 'wall-goal-share-zh-CN.png') });
    await wall.close();
  }, 60_000);

  it("an admin sets a team's shift end on the Roster tab", async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/admin?lang=en&token=${TOKENS.ADMIN_TOKEN}#roster`);
    await page.click('[data-test=roster-teams] [data-team=south] [data-action=edit]');
    await page.fill('[data-test=team-form] input[name=shiftEnd]', '17:30');
    await page.click('[data-test=team-form] button[type=submit]');
    await page.waitForFunction(
      () => document.querySelector('[data-test=roster-teams] [data-team=south]')?.textContent?.includes('17:30'),
      null,
      {
        timeout: 10_000,
      },
    );
    const roster = (await get(`${server.url}/api/v1/roster`, TOKENS.ADMIN_TOKEN)).body as { teams: { id: string; shiftEnd?: string }[] };
    expect(roster.teams.find((t) => t.id === 'south')?.shiftEnd).toBe('17:30');
    await page.screenshot({ path: path.join(SHOTS, 'admin-shift-end-en.png') });
    await context.close();
  }, 60_000);

  it('tells an agent and a viewer that the team report is for supervisors', async () => {
    const context = await signedIn(agent);
    const page = await context.newPage();
    await page.goto(`${server.url}/report?team=north&lang=en`);
    await page.locator('[data-test=refused]').waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-test=refused]').textContent()).toMatch(/for supervisors and admins/);
    await context.close();
    const viewer = await browser.newContext();
    const vp = await viewer.newPage();
    await vp.goto(`${server.url}/report?team=north&lang=zh-CN&token=${TOKENS.VIEWER_TOKEN}`);
    await vp.locator('[data-test=refused]').waitFor({ timeout: 15_000 });
    expect(await vp.locator('[data-test=refused]').textContent()).toMatch(/仅供主管和管理员/);
    await vp.screenshot({ path: path.join(SHOTS, 'team-day-refused-zh-CN.png') });
    await viewer.close();
  }, 60_000);
});
