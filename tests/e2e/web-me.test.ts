import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { asyncScheduler } from 'rxjs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { person, type Session } from '../helpers/people.js';
import { post, startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';
import { ARTIFACTS, ensureWebBuilt, launchChromium, signedInContext } from './browser.js';
import { seedFloor } from './seed.js';

/**
 * The agent's own page /me in a real chromium (docs/people.md, "The agent's page"): an agent signed in
 * presses "Ask for help"; a supervisor signed in on another page sees the alert and acknowledges it with
 * a note; the agent's page then shows the supervisor's name and note, live. Then screenshots at
 * 1366×768 and 390×844 in English and Simplified Chinese, with no sideways scrolling on the phone.
 * People sign in through the API (POST /api/v1/session): the cookie goes into the browser's context.
 */
let server: TestServer;
let browser: Browser;
let agent: Session;
let supervisor: Session;

beforeAll(async () => {
  ensureWebBuilt();
  server = await startServer({ dataDir: tempDataDir('e2e-me'), scheduler: asyncScheduler });
  expect((await post(`${server.url}/api/v1/events`, seedFloor(Date.now(), { days: 3 }))).status).toBe(200);
  const goals = [
    { scope: 'agent:WangFang', metric: 'effective', period: 'day', target: 2 },
    { scope: 'agent:WangFang', metric: 'sales', period: 'day', target: 20 },
    { scope: 'agent:WangFang', metric: 'sales', period: 'week', target: 60 },
  ];
  const put = await fetch(`${server.url}/api/v1/goals`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${TOKENS.ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ goals }),
  });
  expect(put.status).toBe(200);
  agent = await person(server.url, { login: 'wang.fang', name: '王芳', role: 'agent', agentId: 'WangFang', password: 'agent-pass-67890' });
  supervisor = await person(server.url, {
    login: 'wang.sup',
    name: '王主管',
    role: 'supervisor',
    teams: ['north'],
    password: 'sup-pass-12345',
  });
  browser = await launchChromium();
  mkdirSync(ARTIFACTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const signedIn = (s: Session, viewport: { width: number; height: number }): Promise<BrowserContext> =>
  signedInContext(browser, server.url, s, viewport);

/** Errors and Content-Security-Policy reports of each page opened, by page: none is allowed. */
const problems = new Map<Page, string[]>();

async function openMe(context: BrowserContext, lang: 'en' | 'zh-CN'): Promise<Page> {
  const page = await context.newPage();
  const seen: string[] = [];
  problems.set(page, seen);
  page.on('console', (m) => {
    if (/content security policy|refused to/i.test(m.text())) seen.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => seen.push(`page error: ${e.message}`));
  await page.goto(`${server.url}/me?lang=${lang}`);
  await page.waitForSelector('[data-test=live]', { timeout: 15_000 });
  // The day has arrived: the agent's dials are a number, not the "—" of no answer yet.
  await page.waitForFunction(() => /\d/.test(document.querySelector('[data-metric=dialed] [data-test=mine]')?.textContent ?? ''), null, {
    timeout: 15_000,
  });
  return page;
}

test('agent asks for help; the supervisor acks with a note; the agent sees who is coming and the note', async () => {
  const agentCtx = await signedIn(agent, { width: 390, height: 844 });
  const supCtx = await signedIn(supervisor, { width: 1366, height: 768 });
  try {
    const me = await openMe(agentCtx, 'en');
    expect(await me.locator('h1').textContent()).toContain('王芳');
    await me.locator('[data-reason=customer]').click();
    await me.locator('[data-test=help-text]').fill('wants a refund, call me on 13812345678');
    await me.locator('[data-test=help-ask]').click();
    await me.waitForSelector('[data-test=me-help][data-status=sent]', { timeout: 5000 });
    // The phone number the agent typed never comes back to a browser.
    expect(await me.locator('[data-test=me-help]').textContent()).not.toContain('13812345678');

    const sup = await supCtx.newPage();
    await sup.goto(`${server.url}/supervisor?lang=en`);
    const card = sup.locator('[data-alert-id]', { hasText: 'wants a refund' });
    await card.waitFor({ timeout: 15_000 });
    expect(await card.textContent()).toContain('WangFang');
    await card.locator('input').fill('on my way, 2 minutes');
    await card.locator('[data-action=ack]').click();

    await me.waitForSelector('[data-test=me-help][data-status=acknowledged]', { timeout: 5000 });
    const status = await me.locator('[data-test=help-status]').textContent();
    expect(status).toContain('王主管 is coming');
    expect(status).toContain('on my way, 2 minutes');
    await me.screenshot({ path: path.join(ARTIFACTS, 'me-help-acknowledged-en-390.png'), fullPage: true });

    // A reload reads the state back from the server, not from the page's memory.
    await me.reload();
    await me.waitForSelector('[data-test=me-help][data-status=acknowledged]', { timeout: 15_000 });
    expect(await me.locator('[data-test=help-note]').textContent()).toContain('on my way, 2 minutes');

    // Cancelling makes the supervisor's card go from acknowledged to resolved.
    await me.locator('[data-test=help-cancel]').click();
    await me.waitForSelector('[data-test=me-help][data-status=cancelled]', { timeout: 5000 });
    await sup.locator('select').first().selectOption('resolved');
    await sup.locator('[data-alert-id][data-status=resolved]', { hasText: 'wants a refund' }).waitFor({ timeout: 5000 });
    expect(problems.get(me)).toEqual([]);
  } finally {
    await agentCtx.close();
    await supCtx.close();
  }
}, 90_000);

test('screenshots of /me at 1366×768 and 390×844 in English and Simplified Chinese; the phone never scrolls sideways', async () => {
  for (const lang of ['en', 'zh-CN'] as const) {
    for (const viewport of [
      { width: 1366, height: 768 },
      { width: 390, height: 844 },
    ]) {
      const context = await signedIn(agent, viewport);
      try {
        const page = await openMe(context, lang);
        await page.waitForSelector('[data-test=me-goals] [data-goal]', { timeout: 15_000 });
        const file = path.join(ARTIFACTS, `me-${lang}-${viewport.width}x${viewport.height}.png`);
        await page.screenshot({ path: file, fullPage: viewport.width < 900 });
        expect(statSync(file).size).toBeGreaterThan(20_000);
        expect(problems.get(page)).toEqual([]);
        const sideways = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(sideways).toBeLessThanOrEqual(0);
        if (viewport.width >= 900) {
          // A second monitor shows the whole day without scrolling.
          const down = await page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight);
          expect(down).toBeLessThanOrEqual(0);
        }
      } finally {
        await context.close();
      }
    }
  }
}, 120_000);

test("a call of mine reaches my page without a reload; a teammate's moves only my team's total", async () => {
  const context = await signedIn(agent, { width: 390, height: 844 });
  try {
    const page = await openMe(context, 'en');
    const read = async (which: 'mine' | 'team') => Number(await page.locator(`[data-metric=dialed] [data-test=${which}]`).textContent());
    const [mine, team] = [await read('mine'), await read('team')];
    const dial = (id: string, agentId: string) => ({
      id,
      type: 'call.dialed',
      ts: Date.now() - 1000,
      teamId: 'north',
      agentId,
      callId: id,
      channel: 'human',
    });
    expect((await post(`${server.url}/api/v1/events`, [dial('live-1', 'WangFang'), dial('live-2', 'LiWei')])).status).toBe(200);
    await page.waitForFunction(
      (n) => document.querySelector('[data-metric=dialed] [data-test=team]')?.textContent === String(n),
      team + 2,
      { timeout: 5000 },
    );
    expect(await read('mine')).toBe(mine + 1);
  } finally {
    await context.close();
  }
}, 60_000);

test('/me without an agent: signed out goes to /login and back; a supervisor is sent to their own page', async () => {
  const out = await browser.newContext({ viewport: { width: 390, height: 844 } });
  try {
    const page = await out.newPage();
    await page.goto(`${server.url}/me?lang=en`);
    await page.waitForURL((u) => u.pathname === '/login' && u.searchParams.get('next') === '/me?lang=en', { timeout: 15_000 });
    expect(await page.locator('[data-test=me-today]').count()).toBe(0);
  } finally {
    await out.close();
  }
  const sup = await signedIn(supervisor, { width: 390, height: 844 });
  try {
    const page = await sup.newPage();
    await page.goto(`${server.url}/me?lang=en`);
    await page.waitForURL((u) => u.pathname === '/supervisor', { timeout: 15_000 });
    expect(await page.locator('[data-test=me-today]').count()).toBe(0);
    // Told why, not just moved: the page they asked for is not for a supervisor.
    expect(await page.locator('[data-test=not-yours]').textContent()).toContain('My day');
    expect(new URL(page.url()).searchParams.has('notFor')).toBe(false);
  } finally {
    await sup.close();
  }
}, 60_000);

test('when the socket is cut /me says STALE and greys its numbers (last: it stops the server)', async () => {
  const context = await signedIn(agent, { width: 390, height: 844 });
  try {
    const page = await openMe(context, 'en');
    expect(await page.locator('[data-test=stale]').count()).toBe(0);
    await server.stop();
    await page.waitForSelector('[data-test=stale]', { timeout: 10_000 });
    expect(await page.locator('[data-test=stale]').textContent()).toContain('STALE');
    expect(await page.locator('[data-test=me-today]').getAttribute('class')).toContain('stale');
    expect(await page.locator('[data-test=live]').count()).toBe(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'me-stale-en-390.png') });
  } finally {
    await context.close();
  }
}, 60_000);
