import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { pointsTotalsAnswerSchema } from '@floorpulse/shared';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { asyncScheduler } from 'rxjs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { person, type Session } from '../helpers/people.js';
import { get, post, startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';
import { ensureWebBuilt, launchChromium, signedInContext } from './browser.js';
import { seedFloor } from './seed.js';

/**
 * Points in a real chromium (docs/metrics.md, "Points"): a sale's "+20" shows on the agent's /me and on the
 * wall's celebration card, and the wall's board ranked by points (?rank=points) shows the person's total
 * equal to the ledger's SQL. Screenshots of both pages in en and zh-CN go to /work/shots/points/.
 */
const SHOTS = '/work/shots/points';
let server: TestServer;
let browser: Browser;
let agent: Session;

beforeAll(async () => {
  ensureWebBuilt();
  server = await startServer({ dataDir: tempDataDir('e2e-points'), scheduler: asyncScheduler });
  expect((await post(`${server.url}/api/v1/events`, seedFloor(Date.now(), { days: 1 }))).status).toBe(200);
  agent = await person(server.url, { login: 'wang.fang', name: '王芳', role: 'agent', agentId: 'WangFang', password: 'agent-pass-67890' });
  browser = await launchChromium();
  mkdirSync(SHOTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const signedIn = (s: Session, viewport: { width: number; height: number }): Promise<BrowserContext> =>
  signedInContext(browser, server.url, s, viewport);

/** WangFang's points today, straight from the ledger through the totals route (POINTS_TOTALS_SQL). */
async function sqlPoints(): Promise<number> {
  const a = pointsTotalsAnswerSchema.parse((await get(`${server.url}/api/v1/points?period=day`, TOKENS.SUPERVISOR_TOKEN)).body);
  return a.totals.find((t) => t.agentId === 'WangFang')?.points ?? 0;
}

let n = 0;
/** A fresh answered call of WangFang's, 90 s, closed with a sale: +20 sale and +2 effective by the shipped rules. */
async function sale(): Promise<string> {
  const callId = `e2e-pts-${Date.now()}-${n++}`;
  const base = { teamId: 'north', agentId: 'WangFang', callId };
  const ts = Date.now() - 120_000;
  const events = [
    { ...base, id: `${callId}-d`, type: 'call.dialed', ts, channel: 'human' },
    { ...base, id: `${callId}-a`, type: 'call.answered', ts: ts + 5_000 },
    { ...base, id: `${callId}-e`, type: 'call.ended', ts: ts + 95_000, answered: true, talkSeconds: 90, hangupBy: 'agent' },
    { ...base, id: `${callId}-o`, type: 'call.outcome', ts: ts + 96_000, outcome: 'sale', amount: 1999 },
  ];
  expect((await post(`${server.url}/api/v1/events`, events)).status).toBe(200);
  return callId;
}

const digits = (s: string | null) => Number((s ?? '').replace(/[^\d-−]/g, '').replace('−', '-'));

test.each(['en', 'zh-CN'] as const)(
  "%s: a sale's +20 shows live on /me and on the wall's card, and the points board equals SQL",
  async (lang) => {
    const meCtx = await signedIn(agent, { width: 390, height: 844 });
    const wallCtx = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    try {
      const me: Page = await meCtx.newPage();
      await me.goto(`${server.url}/me?lang=${lang}`);
      await me.waitForSelector('[data-test=live]', { timeout: 15_000 });
      await me.waitForFunction(() => /\d/.test(document.querySelector('[data-test=points-today]')?.textContent ?? ''), null, {
        timeout: 15_000,
      });
      const wall = await wallCtx.newPage();
      await wall.goto(`${server.url}/wall?token=${TOKENS.VIEWER_TOKEN}&lang=${lang}&rank=points`);
      await wall.waitForSelector('[data-test=live]', { timeout: 15_000 });

      const before = await sqlPoints();
      expect(digits(await me.locator('[data-test=points-today]').textContent())).toBe(before);
      await sale();
      // Live, over the sockets (me:update, celebration, leaderboard:update): no reload.
      const card = wall.locator('[data-test=celebration-points]');
      await card.waitFor({ timeout: 15_000 });
      expect(await card.textContent()).toBe(lang === 'en' ? '+20 points' : '+20 积分');
      await wall.screenshot({ path: path.join(SHOTS, `wall-celebration-points-${lang}.png`) });
      const nf = new Intl.NumberFormat(lang);
      await me.waitForFunction(
        (want) => document.querySelector('[data-test=points-today]')?.textContent?.trim() === want,
        nf.format(before + 22),
        {
          timeout: 15_000,
        },
      );
      const after = await sqlPoints();
      expect(after).toBe(before + 22);
      const awards = await me.locator('[data-test=points-award]').allTextContents();
      expect(awards.some((a) => a.includes('+20') && a.includes(lang === 'en' ? 'sale' : '成交'))).toBe(true);
      await me.screenshot({ path: path.join(SHOTS, `me-points-${lang}-390.png`), fullPage: true });
      // A second monitor too: the same card, one line of awards.
      await me.setViewportSize({ width: 1366, height: 768 });
      await me.screenshot({ path: path.join(SHOTS, `me-points-${lang}-1366.png`) });

      // The board ranked by points: WangFang's row says her total, the ledger's.
      await wall.locator('[data-test=celebration]').waitFor({ state: 'detached', timeout: 30_000 });
      const row = wall.locator('li', { has: wall.locator('[data-agent=WangFang]') });
      await wall.waitForFunction(
        (want) => {
          const li = document.querySelector('[data-agent=WangFang]')?.closest('li');
          return li?.querySelector('.v')?.textContent === want;
        },
        lang === 'en' ? `${nf.format(after)} pts` : `${nf.format(after)} 分`,
        { timeout: 15_000 },
      );
      expect(await row.locator('.v').count()).toBe(1);
      await wall.screenshot({ path: path.join(SHOTS, `wall-points-board-${lang}.png`) });
    } finally {
      await meCtx.close();
      await wallCtx.close();
    }
  },
  120_000,
);

test.each(['en', 'zh-CN'] as const)(
  '%s: the admin Points tab shows the rules, and a bad field is refused by name',
  async (lang) => {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    try {
      const page = await ctx.newPage();
      await page.goto(`${server.url}/admin?token=${TOKENS.ADMIN_TOKEN}&lang=${lang}#points`);
      const violation = page.locator('[data-field=violation]');
      await violation.waitFor({ timeout: 15_000 });
      expect(await violation.inputValue()).toBe('-30');
      await violation.fill('5');
      await page.locator('.points button.primary').click();
      await page.locator('.points [role=alert]').waitFor({ timeout: 5000 });
      expect(await page.locator('.points [role=alert]').textContent()).toContain('violation: must be 0 or less');
      await page.screenshot({ path: path.join(SHOTS, `admin-points-${lang}.png`) });
    } finally {
      await ctx.close();
    }
  },
  60_000,
);

test("a daily goal met shows its +50 on the wall (the material's own example)", async () => {
  const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  try {
    const today = (await get(`${server.url}/api/v1/rates?scope=agent:WangFang&window=today`)).body as { counts: { effective: number } };
    const goals = [{ scope: 'agent:WangFang', metric: 'effective', period: 'day', target: today.counts.effective + 1 }];
    const put = await fetch(`${server.url}/api/v1/goals`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${TOKENS.ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ goals }),
    });
    expect(put.status).toBe(200);
    const wall = await ctx.newPage();
    await wall.goto(`${server.url}/wall?token=${TOKENS.VIEWER_TOKEN}&lang=zh-CN&rank=points`);
    await wall.waitForSelector('[data-test=live]', { timeout: 15_000 });
    const callId = `e2e-goal-${Date.now()}`;
    const base = { teamId: 'north', agentId: 'WangFang', callId };
    const ts = Date.now() - 120_000;
    const events = [
      { ...base, id: `${callId}-d`, type: 'call.dialed', ts, channel: 'human' },
      { ...base, id: `${callId}-a`, type: 'call.answered', ts: ts + 5_000 },
      { ...base, id: `${callId}-e`, type: 'call.ended', ts: ts + 95_000, answered: true, talkSeconds: 90, hangupBy: 'agent' },
    ];
    expect((await post(`${server.url}/api/v1/events`, events)).status).toBe(200);
    const card = wall.locator('[data-test=celebration]', { hasText: '+50 积分' });
    await card.waitFor({ timeout: 30_000 });
    expect(await card.textContent()).toContain('目标达成');
    await wall.screenshot({ path: path.join(SHOTS, 'wall-goal-points-zh-CN.png') });
  } finally {
    await ctx.close();
  }
}, 90_000);
