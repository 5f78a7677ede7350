import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { asyncScheduler } from 'rxjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';
import { bigAgentId, bigName, onLongBreak, seedBigFloor } from './big-floor.js';
import { ARTIFACTS, ensureWebBuilt, launchChromium } from './browser.js';
import { daytimeFloor } from './seed.js';

/** 240 agents: more than twice the 100 rooms a socket may hold, which the old per-agent table needed. */
const AGENTS = 240;
let server: TestServer;
let browser: Browser;
let stopped = false;

beforeAll(async () => {
  ensureWebBuilt();
  // Real time, like every browser test; the floor's calls go back 90 minutes.
  // Mid-afternoon on the floor's clock: the table counts since local midnight, and the floor's last 90 minutes must be in it.
  const floor = daytimeFloor(Date.now());
  server = await startServer({
    dataDir: tempDataDir('e2e-sup-scale'),
    scheduler: asyncScheduler,
    env: { LIVE_HORIZON_MINUTES: '180', FLOOR_TZ: floor.zone },
  });
  await seedBigFloor(server.url, AGENTS, Date.now(), floor.zone);
  browser = await launchChromium();
  mkdirSync(ARTIFACTS, { recursive: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  if (!stopped) await server?.stop();
});

describe('the supervisor page at floor scale, in a real browser', () => {
  test('the table holds a window of rows, scrolls to the others, filters by state and minutes, and opens a drill-down', async () => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.goto(`${server.url}/supervisor?token=${TOKENS.SUPERVISOR_TOKEN}&lang=en`);
    await page.waitForFunction((n) => document.querySelector('[data-test=agents-count]')?.textContent?.includes(`of ${n}`), AGENTS);
    expect(await page.textContent('[data-test=agents-count]')).toContain(`${AGENTS} of ${AGENTS}`);

    // Only a window of rows is in the DOM, named (not ids).
    const inDom = await page.locator('tr[data-agent]').count();
    expect(inDom).toBeGreaterThan(5);
    expect(inDom).toBeLessThan(60);
    const first = await page.locator('tr[data-agent]').first().getAttribute('data-agent');
    // Sorted by name, A→Z: the first row is the first name; scrolling to the end shows the last one.
    await page.click('th[data-sort=agentId]');
    await page.click('th[data-sort=agentId]');
    await page.click('th[data-sort=agentId]');
    const names = Array.from({ length: AGENTS }, (_, i) => bigName(i)).sort((a, b) => a.localeCompare(b));
    await page.waitForFunction((n) => document.querySelector('tr[data-agent] td strong')?.textContent === n, names[0]);
    await page.locator('[data-test=agents-scroller]').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await page.waitForFunction(
      (n) => [...document.querySelectorAll('tr[data-agent] td strong')].some((e) => e.textContent === n),
      names.at(-1),
    );
    expect(await page.locator('tr[data-agent]').count()).toBeLessThan(60);
    expect(first).not.toBeNull();

    // "On break for more than 15 min": exactly the agents the floor put on a long break.
    await page.click('[data-preset=break]');
    const longBreaks = Array.from({ length: AGENTS }, (_, i) => i).filter(onLongBreak);
    await page.waitForFunction(
      (n) => document.querySelector('[data-test=agents-count]')?.textContent?.startsWith(`${n} of`),
      longBreaks.length,
    );
    // Every row shown, top to bottom of the (still virtualised) list, is one of them, and all of them are reached.
    const want = new Set(longBreaks.map(bigAgentId));
    const seen = new Set<string>();
    const scroller = page.locator('[data-test=agents-scroller]');
    for (const to of ['top', 'bottom'] as const) {
      await scroller.evaluate((el, where) => el.scrollTo(0, where === 'top' ? 0 : el.scrollHeight), to);
      // Rendered once the window reaches that end: no spacer row left on that side.
      await page.waitForFunction((where) => {
        const body = document.querySelector('[data-test=agents-scroller] tbody');
        const edge = where === 'top' ? body?.firstElementChild : body?.lastElementChild;
        return !!edge && !edge.classList.contains('spacer');
      }, to);
      for (const id of await page.locator('tr[data-agent]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-agent') ?? '')))
        seen.add(id);
    }
    expect([...seen].every((id) => want.has(id))).toBe(true);
    expect(seen).toEqual(want);
    await page.screenshot({ path: path.join(ARTIFACTS, 'supervisor-scale-filter-en.png') });

    // A click opens the agent's last 2 hours of calls, from ClickHouse, with the SQL one click away.
    const who = longBreaks[1]!;
    await page.click(`tr[data-agent="${bigAgentId(who)}"]`);
    const drill = page.locator('[data-test=drill-down]');
    await drill.waitFor();
    expect(await drill.locator('h3').textContent()).toContain(bigName(who));
    await drill.locator('tr[data-call]').first().waitFor();
    expect(await drill.locator('tr[data-call]').count()).toBe(2 + (who % 5));
    expect(await drill.locator('[data-action=recording]').count()).toBeGreaterThan(0);
    await drill.locator('[data-action=sql]').click();
    expect(await drill.locator('[data-test=sql] pre').textContent()).toContain('{agentId:String}');
    await page.screenshot({ path: path.join(ARTIFACTS, 'supervisor-scale-drill-en.png') });
    await page.close();
  });

  test('zh-CN: the same table and drill-down in Chinese', async () => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.goto(`${server.url}/supervisor?token=${TOKENS.SUPERVISOR_TOKEN}&lang=zh-CN`);
    await page.waitForSelector('tr[data-agent]');
    expect(await page.textContent('[data-sort=since]')).toContain('状态时长');
    await page.click('[data-preset=break]');
    await page.locator('tr[data-agent]').first().click();
    await page.locator('[data-test=drill-down] tr[data-call]').first().waitFor();
    expect(await page.textContent('[data-test=drill-down] h3')).toContain('近 2 小时通话');
    await page.screenshot({ path: path.join(ARTIFACTS, 'supervisor-scale-drill-zh.png') });
    await page.close();
  });

  test('a viewer opening /supervisor is told the page is not theirs', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${server.url}/supervisor?token=${TOKENS.VIEWER_TOKEN}&lang=en`);
    await page.waitForURL(/\/wall/);
    const note = page.locator('[data-test=not-yours]');
    await note.waitFor();
    expect(await note.textContent()).toContain('Supervisor');
    await page.close();
  });

  test('the table says STALE the moment its feed drops', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${server.url}/supervisor?token=${TOKENS.SUPERVISOR_TOKEN}&lang=en`);
    await page.waitForSelector('tr[data-agent]');
    expect(await page.locator('[data-test=agents-stale]').count()).toBe(0);
    stopped = true;
    await server.stop();
    await page.locator('[data-test=agents-stale]').waitFor();
    // The rows stay, marked stale, rather than vanishing or reading as zeros.
    expect(await page.locator('tr[data-agent]').count()).toBeGreaterThan(5);
    await page.close();
  });
});
