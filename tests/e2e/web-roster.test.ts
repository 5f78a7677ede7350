import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { asyncScheduler } from 'rxjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { post, startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';
import { ARTIFACTS, ensureWebBuilt, launchChromium } from './browser.js';

let server: TestServer;
let browser: Browser;
const admin = { authorization: `Bearer ${TOKENS.ADMIN_TOKEN}`, 'content-type': 'application/json' };
const putRoster = async (p: string, body: object) =>
  expect((await fetch(`${server.url}/api/v1/roster/${p}`, { method: 'PUT', headers: admin, body: JSON.stringify(body) })).status).toBe(200);

beforeAll(async () => {
  ensureWebBuilt();
  // Real time: the browser's clock and the server's must agree on "today".
  server = await startServer({ dataDir: tempDataDir('e2e-roster'), scheduler: asyncScheduler });
  await putRoster('teams/north', { name: '北区一组', timeZone: 'Asia/Shanghai', supervisors: ['wang.sup'] });
  await putRoster('agents/WangFang', { name: '王芳', teamId: 'north', channel: 'human', supervisor: 'wang.sup', active: true });
  await putRoster('agents/north-r1', { name: 'AI 线路 1', teamId: 'north', channel: 'robot', active: true });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function open(where: string, token: string, hash = ''): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await page.goto(`${server.url}${where}?token=${token}&lang=zh-CN${hash}`);
  return page;
}

describe('the roster in a real browser', () => {
  test('a sale for 王芳 celebrates "王芳" on the wall; a rename reaches the open wall without a reload', async () => {
    const page = await open('/wall', TOKENS.VIEWER_TOKEN);
    await page.waitForSelector('[data-test=live]');
    const now = Date.now();
    const base = { teamId: 'north', agentId: 'WangFang', callId: 'roster-sale-1' };
    const res = await post(`${server.url}/api/v1/events`, [
      { ...base, id: 'rs-d', type: 'call.dialed', ts: now - 200_000, channel: 'human' },
      { ...base, id: 'rs-a', type: 'call.answered', ts: now - 190_000 },
      { ...base, id: 'rs-e', type: 'call.ended', ts: now - 10_000, answered: true, talkSeconds: 180, hangupBy: 'agent' },
      { ...base, id: 'rs-o', type: 'call.outcome', ts: now - 5_000, outcome: 'sale', amount: 3888 },
    ]);
    expect(res.status).toBe(200);

    const card = page.locator('[data-test=celebration]');
    await card.waitFor({ timeout: 30_000 });
    expect(await card.locator('[data-test=celebration-who]').textContent()).toBe('王芳');
    expect(await card.textContent()).toContain('北区一组');
    expect(await card.textContent()).not.toContain('WangFang');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.waitForTimeout(400); // the card's entrance animation, for the screenshot only
    await page.screenshot({ path: path.join(ARTIFACTS, 'wall-roster-celebration-zh.png') });

    // The people's board names her too; an admin's rename shows on the open page (roster:update).
    const onBoard = page.locator('[data-agent=WangFang]').first();
    await onBoard.waitFor({ timeout: 15_000 });
    expect(await onBoard.textContent()).toContain('王芳');
    await putRoster('agents/WangFang', { name: '王芳芳', teamId: 'north', channel: 'human', supervisor: 'wang.sup', active: true });
    await page.waitForFunction(() => document.querySelector('[data-agent=WangFang]')?.textContent?.includes('王芳芳'), null, {
      timeout: 10_000,
    });
    await page.waitForSelector('[data-test=celebration]', { state: 'detached', timeout: 15_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'wall-roster-names-zh.png') });
    await page.close();
  }, 90_000);

  test('the admin roster tab lists agents, teams and the unlisted, and shows an import’s refused rows by line', async () => {
    // An agent the roster does not list: seen in events, so "not in the roster".
    expect(
      (
        await post(`${server.url}/api/v1/events`, [
          {
            id: 'un-1',
            type: 'call.dialed',
            ts: Date.now() - 30_000,
            teamId: 'north',
            agentId: 'nc-lat-94339-1',
            callId: 'un-c1',
            channel: 'human',
          },
        ])
      ).status,
    ).toBe(200);
    const page = await open('/admin', TOKENS.ADMIN_TOKEN, '#roster');
    await page.waitForSelector('[data-test=roster-agents] [data-agent=WangFang]');
    expect(await page.locator('[data-test=roster-teams] [data-team=north]').textContent()).toContain('北区一组');
    expect(await page.locator('[data-test=unlisted] [data-agent=nc-lat-94339-1]').count()).toBe(1);

    const csv = ['kind,id,name,team,channel,status', 'agent,LiWei,李伟,north,human,active', 'agent,Bad1,某人,north,cyborg,active'].join(
      '\n',
    );
    await page.setInputFiles('[data-test=roster-import]', { name: 'roster.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    const result = page.locator('[data-test=import-result]');
    await result.waitFor();
    expect(await result.textContent()).toContain('第 3 行 channel：应为 human（人工）或 robot（机器人线路）');
    await page.waitForSelector('[data-test=roster-agents] [data-agent=LiWei]');
    expect(await page.locator('[data-test=roster-agents] [data-agent=LiWei]').textContent()).toContain('李伟');

    // One click from "not in the roster": the form opens filled from the events; a name, and it is listed.
    await page.click('[data-test=unlisted] [data-agent=nc-lat-94339-1] [data-action=add]');
    const form = page.locator('[data-test=agent-form]');
    await form.waitFor();
    await form.locator('input[name=name]').fill('张敏');
    await form.locator('button[type=submit]').click();
    await page.waitForSelector('[data-test=roster-agents] [data-agent=nc-lat-94339-1]');
    expect(await page.locator('[data-test=unlisted] [data-agent=nc-lat-94339-1]').count()).toBe(0);
    // 王芳's history: her first version and the rename of the test before, each by the admin token.
    await page.click('[data-test=roster-agents] [data-agent=WangFang] [data-action=history]');
    const rows = page.locator('[data-test=agent-history] tbody tr');
    await page.waitForFunction(() => document.querySelectorAll('[data-test=agent-history] tbody tr').length === 2);
    expect(await rows.nth(0).textContent()).toContain('王芳');
    expect(await rows.nth(1).textContent()).toContain('王芳芳');
    // By the admin token, in words: a bare 'admin' is a code, not who did it.
    expect(await rows.nth(1).textContent()).toContain('令牌：管理员');
    await page.screenshot({ path: path.join(ARTIFACTS, 'admin-roster-zh.png'), fullPage: true });

    // The rules and goals tab: a goal's scope is typed as ids, with the roster's name beside it.
    const goals = { goals: [{ scope: 'agent:WangFang', metric: 'sales', period: 'day', target: 3 }] };
    const put = await fetch(`${server.url}/api/v1/goals`, { method: 'PUT', headers: admin, body: JSON.stringify(goals) });
    expect(put.status).toBe(200);
    await page.goto(`${server.url}/admin?token=${TOKENS.ADMIN_TOKEN}&lang=zh-CN`);
    expect(await page.locator('[data-test=goal-who]').first().textContent({ timeout: 10_000 })).toBe('王芳芳');
    await page.close();
  }, 90_000);
});
