import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { asyncScheduler } from 'rxjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { freePort } from '../../server/src/ops/free-port.js';
import { createDisplay, putUser } from '../helpers/people.js';
import { post, startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';
import { ARTIFACTS, ensureWebBuilt, launchChromium } from './browser.js';
import { seedFloor } from './seed.js';

/**
 * People in a real browser (docs/people.md): signing in through /login lands each role on its page,
 * signing out ends the session on the server, the admin's users and display links pages, a revoked
 * display's wall saying it was switched off, and a wall whose token changed saying it was refused.
 */
let server: TestServer;
let browser: Browser;
let port: number;
const dataDir = tempDataDir('e2e-people');
const PEOPLE = {
  agent: { login: 'wang.fang', name: '王芳', role: 'agent', agentId: 'WangFang', password: 'agent-password-1', home: '/me' },
  supervisor: {
    login: 'zhang.sup',
    name: '张主管',
    role: 'supervisor',
    teams: ['north'],
    password: 'supervisor-pass-1',
    home: '/supervisor',
  },
  analyst: { login: 'li.ana', name: 'Li Na', role: 'analyst', password: 'analyst-pass-12', home: '/history' },
  admin: { login: 'chen.admin', name: '陈管理', role: 'admin', password: 'admin-password-1', home: '/admin' },
} as const;

beforeAll(async () => {
  ensureWebBuilt();
  port = await freePort();
  // A fixed port: the last test restarts the server, and the open page must find it again.
  server = await startServer({ dataDir, scheduler: asyncScheduler, port });
  expect((await post(`${server.url}/api/v1/events`, seedFloor(Date.now(), { days: 1 }))).status).toBe(200);
  for (const p of Object.values(PEOPLE)) await putUser(server.url, { ...p, teams: 'teams' in p ? [...p.teams] : [] });
  browser = await launchChromium();
  mkdirSync(ARTIFACTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stopAll();
});

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });

async function signIn(ctx: BrowserContext, who: (typeof PEOPLE)[keyof typeof PEOPLE], from = '/login?lang=en'): Promise<Page> {
  const page = await ctx.newPage();
  await page.goto(`${server.url}${from}`);
  await page.fill('#login', who.login);
  await page.fill('#password', who.password);
  await page.click('[data-test=sign-in] button[type=submit]');
  return page;
}

describe('signing in', () => {
  test('through /login, each role lands on its own page and the top bar names them', async () => {
    for (const who of Object.values(PEOPLE)) {
      const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 } });
      const page = await signIn(ctx, who);
      await page.waitForURL((u) => u.pathname === who.home, { timeout: 15_000 });
      expect(await page.locator('[data-test=who]').textContent()).toBe(who.name);
      await ctx.close();
    }
  }, 90_000);

  test('the page shows a wrong password, and a page opened without a session comes back after signing in', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await ctx.newPage();
    await page.goto(`${server.url}/history?lang=en`);
    await page.waitForURL((u) => u.pathname === '/login' && u.searchParams.get('next') === '/history?lang=en');
    await shot(page, 'login-en');
    await page.fill('#login', PEOPLE.analyst.login);
    await page.fill('#password', 'not-the-password');
    await page.click('[data-test=sign-in] button[type=submit]');
    expect(await page.locator('[data-test=sign-in-error]').textContent()).toBe('Wrong login or password.');
    await shot(page, 'login-wrong-en');
    await page.fill('#password', PEOPLE.analyst.password);
    await page.click('[data-test=sign-in] button[type=submit]');
    await page.waitForURL((u) => u.pathname === '/history');
    await ctx.close();
    const zh = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await zh.goto(`${server.url}/login?lang=zh-CN`);
    await zh.waitForSelector('[data-test=sign-in]');
    await shot(zh, 'login-zh-CN-phone');
    await zh.close();
  }, 60_000);

  test('signing out ends the session on the server: the cookie it had is refused after, and its other tab says so', async () => {
    const ctx = await browser.newContext();
    const page = await signIn(ctx, PEOPLE.supervisor);
    await page.waitForURL((u) => u.pathname === '/supervisor');
    const cookie = (await ctx.cookies()).find((c) => c.name === 'fp_session');
    expect(cookie?.httpOnly).toBe(true);
    const asBefore = { cookie: `fp_session=${cookie!.value}` };
    expect((await fetch(`${server.url}/api/v1/meta`, { headers: asBefore })).status).toBe(200);
    // A second tab of the same person, live on the supervisor page.
    const other = await ctx.newPage();
    await other.goto(`${server.url}/supervisor?lang=en`);
    await other.locator('[data-test=who]').waitFor();
    await page.click('[data-action=sign-out]');
    await page.waitForURL((u) => u.pathname === '/login');
    // The other tab is told by the server (access:refused), not left on "Connection lost".
    await other.waitForURL((u) => u.pathname === '/login' && u.searchParams.get('reason') === 'ended', { timeout: 5000 });
    expect(await other.locator('[data-test=sign-in-error]').textContent()).toBe('Your session has ended. Sign in again.');
    expect(new URL(other.url()).searchParams.get('next')).toBe('/supervisor?lang=en');
    const after = await fetch(`${server.url}/api/v1/meta`, { headers: asBefore });
    expect(after.status).toBe(401);
    expect((await after.json()).refusal).toBe('session ended');
    await ctx.close();
  }, 60_000);
});

describe('a supervisor', () => {
  test('sees the teams they look after first, and the whole floor when they ask', async () => {
    const help = (agentId: string, teamId: string) => ({
      id: `e2e-help-${agentId}`,
      type: 'help.requested',
      ts: Date.now() - 1000,
      teamId,
      agentId,
    });
    expect((await post(`${server.url}/api/v1/events`, [help('LiWei', 'north'), help('ZhaoLei', 'south')])).status).toBe(200);
    const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await signIn(ctx, PEOPLE.supervisor);
    await page.waitForURL((u) => u.pathname === '/supervisor');
    await page.locator('[data-alert-id]', { hasText: 'LiWei' }).waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-alert-id]', { hasText: 'ZhaoLei' }).count()).toBe(0);
    await shot(page, 'supervisor-my-teams');
    await page.click('[data-view=floor]');
    await page.locator('[data-alert-id]', { hasText: 'ZhaoLei' }).waitFor({ timeout: 10_000 });
    expect(new URL(page.url()).searchParams.get('scope')).toBe('floor');
    await ctx.close();
  }, 60_000);
});

describe('the admin', () => {
  let admin: BrowserContext;
  beforeAll(async () => {
    admin = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await signIn(admin, PEOPLE.admin);
    await page.waitForURL((u) => u.pathname === '/admin');
    await page.close();
  });
  afterAll(() => admin?.close());

  test('adds a user and disables one on the users page', async () => {
    const page = await admin.newPage();
    await page.goto(`${server.url}/admin?lang=en#users`);
    await page.locator('[data-login="zhang.sup"]').waitFor();
    await page.click('[data-action=add-user]');
    const form = page.locator('[data-test=user-form]');
    await form.locator('[name=login]').fill('liu.yang');
    await form.locator('[name=name]').fill('刘洋');
    await form.locator('[name=role]').selectOption('agent');
    await form.locator('[name=agentId]').fill('LiuYang');
    await form.locator('[name=password]').fill('liu-yang-pass-1');
    await form.locator('button[type=submit]').click();
    const row = page.locator('[data-login="liu.yang"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('刘洋');
    await shot(page, 'admin-users-en');
    await row.locator('[data-action=disable]').click();
    await row.locator('[data-action=enable]').waitFor();
    const list = await fetch(`${server.url}/api/v1/users`, { headers: { authorization: `Bearer ${TOKENS.ADMIN_TOKEN}` } }).then((r) =>
      r.json(),
    );
    expect(list.users.find((u: { login: string }) => u.login === 'liu.yang')).toMatchObject({
      name: '刘洋',
      agentId: 'LiuYang',
      active: false,
    });
    await page.goto(`${server.url}/admin?lang=zh-CN#users`);
    await page.locator('[data-login="liu.yang"]').waitFor();
    await shot(page, 'admin-users-zh-CN');
    await page.close();
  }, 60_000);

  test('creates a display link shown once; revoking it switches its open wall off within seconds', async () => {
    const page = await admin.newPage();
    await page.goto(`${server.url}/admin?lang=en#displays`);
    await page.click('[data-action=add-display]');
    const form = page.locator('[data-test=display-form]');
    await form.locator('[name=name]').fill('North TV');
    await form.locator('[name=scope]').fill('team:north');
    await form.locator('[name=lang]').selectOption('en');
    await form.locator('button[type=submit]').click();
    const url = await page.locator('[data-test=display-url]').inputValue();
    expect(url).toMatch(new RegExp(`^${server.url}/wall\\?display=disp_`));
    await shot(page, 'admin-displays-secret-en');

    // The TV: its wall is the link's team, live, with no token anywhere in its address.
    const tv = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await tv.goto(url);
    await tv.waitForSelector('[data-test=live]', { timeout: 15_000 });
    expect(await tv.locator('.title').textContent()).toContain('north');
    expect(tv.url()).not.toContain('token=');

    // Shown once: after a reload the admin's page has the link but not its secret.
    await page.reload();
    const row = page.locator('[data-display]', { hasText: 'North TV' });
    await row.waitFor();
    expect(await page.content()).not.toContain(url.split('display=')[1]!);
    await row.locator('[data-action=revoke]').click();
    await row.locator('[data-action=revoke]').click(); // the confirmation
    await tv.waitForSelector('[data-test=switched-off]', { timeout: 5000 });
    expect(await tv.locator('[data-test=switched-off] h1').textContent()).toBe('This display was switched off');
    // No number is left on it: not live, not stale, just off.
    expect(await tv.locator('[data-metric]').count()).toBe(0);
    await shot(tv, 'wall-switched-off-en');
    // A reload of the revoked link says the same, from the HTTP answer.
    await tv.reload();
    await tv.waitForSelector('[data-test=switched-off]', { timeout: 10_000 });
    await tv.close();
    await page.reload();
    await row.waitFor();
    await shot(page, 'admin-displays-en');
    await page.close();
  }, 60_000);

  test('a display link in Chinese shows its wall in Chinese, and says so in Chinese when switched off', async () => {
    const { id, secret } = await createDisplay(server.url, { name: '南区电视', scope: 'team:south', lang: 'zh-CN' });
    const tv = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await tv.goto(`${server.url}/wall?display=${secret}`);
    await tv.waitForSelector('[data-test=live]', { timeout: 15_000 });
    expect(await tv.locator('.title').textContent()).toContain('south');
    expect(await tv.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await shot(tv, 'wall-display-zh-CN');
    const del = await fetch(`${server.url}/api/v1/displays/${id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${TOKENS.ADMIN_TOKEN}` },
    });
    expect(del.status).toBe(200);
    await tv.waitForSelector('[data-test=switched-off]', { timeout: 5000 });
    expect(await tv.locator('[data-test=switched-off] h1').textContent()).toBe('此显示屏已被关闭');
    await shot(tv, 'wall-switched-off-zh-CN');
    await tv.close();
    const page = await admin.newPage();
    await page.goto(`${server.url}/admin?lang=zh-CN#displays`);
    await page.locator('[data-display]', { hasText: '南区电视' }).waitFor();
    await page.click('[data-action=add-display]');
    await page.locator('[data-test=display-form] [name=name]').fill('大厅电视');
    await page.locator('[data-test=display-form] button[type=submit]').click();
    await page.locator('[data-test=display-secret]').waitFor();
    await shot(page, 'admin-displays-secret-zh-CN');
    await page.close();
  }, 60_000);
});

describe('a signage player framing a display link', () => {
  test('shows the wall of the link that names its origin, and not a link that does not', async () => {
    // The player: a page on another origin whose only content is the iframe it is asked for.
    const playerPort = await freePort();
    const player = createServer((req, res) => {
      const src = new URL(req.url ?? '/', 'http://x').searchParams.get('src') ?? '';
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<!doctype html><iframe id="tv" src="${src.replace(/"/g, '&quot;')}" width="1280" height="720"></iframe>`);
    });
    await new Promise<void>((r) => player.listen(playerPort, '127.0.0.1', r));
    const origin = `http://localhost:${playerPort}`;
    try {
      const framed = await createDisplay(server.url, { name: 'Signage', scope: 'floor', lang: 'en', frameAncestors: [origin] });
      const notFramed = await createDisplay(server.url, { name: 'Lobby', scope: 'floor', lang: 'en' });
      const page = await browser.newPage({ viewport: { width: 1366, height: 800 } });
      const open = async (secret: string) => {
        await page.goto(`${origin}/?src=${encodeURIComponent(`${server.url}/wall?display=${secret}`)}`);
        return page.frameLocator('#tv');
      };
      await (await open(framed.secret)).locator('[data-test=live]').waitFor({ timeout: 15_000 });
      // The browser refuses the frame (frame-ancestors 'none'): nothing of the app is in it.
      const refused = page.waitForEvent('console', { predicate: (m) => /frame-ancestors/.test(m.text()), timeout: 10_000 });
      await open(notFramed.secret);
      await refused;
      expect(
        await page
          .frames()[1]
          ?.evaluate(() => document.querySelector('#app')?.innerHTML ?? null)
          .catch(() => null),
      ).toBeFalsy();
      await page.close();
    } finally {
      await new Promise((r) => player.close(r));
    }
  }, 60_000);
});

describe('a display link that is not ours', () => {
  test('says the link is not valid, full-screen, with no wall behind it', async () => {
    const tv = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await tv.goto(`${server.url}/wall?display=disp_not-a-link-of-this-floor-000000&lang=en`);
    const off = tv.locator('[data-test=switched-off]');
    await off.waitFor({ timeout: 10_000 });
    expect(await off.getAttribute('data-refusal')).toBe('invalid');
    expect(await off.locator('h1').textContent()).toBe('This display link is not valid');
    expect(await tv.locator('[data-metric]').count()).toBe(0);
    await tv.close();
  }, 30_000);
});

// Last: it restarts the server with another viewer token.
describe('a wall whose token changed', () => {
  test('says the token was refused, not "Connection lost" forever', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${server.url}/wall?token=${TOKENS.VIEWER_TOKEN}&lang=en`);
    await page.waitForSelector('[data-test=live]', { timeout: 15_000 });
    await server.stop();
    await page.waitForSelector('[data-test=stale]', { timeout: 10_000 });
    server = await startServer({ dataDir, scheduler: asyncScheduler, port, env: { VIEWER_TOKEN: 'viewer-token-rotated-0123456789' } });
    // The socket reconnects by itself, is refused, and the page asks for the current token.
    await page.waitForSelector('[data-test=token-error]', { timeout: 15_000 });
    expect(await page.locator('[data-test=token-error]').textContent()).toContain('refused');
    expect(await page.locator('[data-test=stale]').count()).toBe(0);
    await shot(page, 'wall-token-refused-en');
    await page.close();
  }, 60_000);
});
