import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { asyncScheduler } from 'rxjs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { get, post, startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';
import { ARTIFACTS, ensureWebBuilt, launchChromium } from './browser.js';
import { daytimeFloor, seedFloor, TEAMS } from './seed.js';

/**
 * The dialer's numbers on the supervisor page and in history (docs/metrics.md): the floor's answering-machine
 * and abandoned-call rates today, "—" before any answer, equal to the API's once there are; each agent's
 * pause reason and time in state. Screenshots in artifacts/dialer-*.png.
 */
let server: TestServer;
let browser: Browser;
const NOW = Date.now();
// The floor's zone: mid-afternoon now, so today holds the last 40 minutes' calls whatever the hour (seed.ts).
const FLOOR = daytimeFloor(NOW);
const MIN = 60_000;
const PAUSED = { LiWei: 'LUNCH', SunLi: 'TRAINING' } as Record<string, string>;

beforeAll(async () => {
  ensureWebBuilt();
  server = await startServer({ dataDir: tempDataDir('e2e-dialer'), scheduler: asyncScheduler, env: { FLOOR_TZ: FLOOR.zone } });
  browser = await launchChromium();
  mkdirSync(ARTIFACTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Today's dialer calls: AMD found machines on some, some answered calls no agent took (abandoned). */
function dialerCalls(): Record<string, unknown>[] {
  const people = Object.entries(TEAMS).flatMap(([teamId, list]) => list.map((agentId) => ({ teamId, agentId })));
  return Array.from({ length: 60 }, (_, i) => {
    const who = people[i % people.length] as { teamId: string; agentId: string };
    const ts = NOW - 40 * MIN + i * 30_000;
    const callId = `amd-${i}`;
    const by = i % 4 === 0 ? 'machine' : 'human';
    const abandoned = by === 'human' && i % 10 === 1;
    return [
      { id: `${callId}-d`, type: 'call.dialed', ts, callId, channel: 'human', ...who },
      { id: `${callId}-a`, type: 'call.answered', ts: ts + 6_000, callId, answeredBy: by, ...who },
      {
        id: `${callId}-e`,
        type: 'call.ended',
        ts: ts + 9_000,
        callId,
        answered: true,
        talkSeconds: by === 'machine' || abandoned ? 0 : 45,
        hangupBy: by === 'machine' ? 'agent' : 'customer',
        abandoned,
        ...who,
      },
    ];
  }).flat();
}

async function open(p: string, lang: 'en' | 'zh-CN', token: string, ready: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await page.goto(`${server.url}${p}?token=${token}&lang=${lang}`);
  await page.waitForSelector(ready, { timeout: 15_000 });
  return page;
}
/** What a person reads in an element (Playwright's, not the DOM's). */
const textOf = async (l: Locator) => (await l.textContent())?.trim() ?? '';
const rateText = (page: Page, m: string) => textOf(page.locator(`[data-test=dialer-rates] [data-metric=${m}] strong`));
const pct = (v: number) => new Intl.NumberFormat('en', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v);

test('the supervisor page shows "—" before any answer, then the API\'s AM and abandon rates, and who is paused why and how long', async () => {
  const empty = await open('/supervisor', 'en', TOKENS.SUPERVISOR_TOKEN, '[data-test=dialer-rates]');
  // The floor's snapshot arrives with nothing answered: both rates are no data, never 0%.
  await empty.waitForFunction(() => document.querySelectorAll('[data-test=dialer-rates] strong').length === 2);
  expect(await rateText(empty, 'machineRate')).toBe('—');
  expect(await rateText(empty, 'abandonRate')).toBe('—');
  await empty.close();

  // The seeded floor, with two agents paused 12 minutes ago for a reason, and today's AMD and abandoned calls.
  const seeded = seedFloor(NOW, { offsetHours: FLOOR.offsetHours }).filter(
    (e) => !(e.type === 'agent.state' && PAUSED[e.agentId as string]),
  );
  const states = Object.entries(PAUSED).map(([agentId, reason], i) => ({
    id: `pause-${i}`,
    type: 'agent.state',
    ts: NOW - 12 * MIN,
    teamId: agentId === 'LiWei' ? 'north' : 'south',
    agentId,
    state: 'break',
    reason,
  }));
  for (const body of [seeded, [...states, ...dialerCalls()]]) expect((await post(`${server.url}/api/v1/events`, body)).status).toBe(200);
  const api = (await get(`${server.url}/api/v1/rates?scope=floor&window=today`)).body;
  expect(api.counts.machineAnswered).toBe(15);
  expect(api.counts.abandoned).toBe(6);

  for (const lang of ['en', 'zh-CN'] as const) {
    const page = await open('/supervisor', lang, TOKENS.SUPERVISOR_TOKEN, '[data-agent=LiWei]');
    await page.waitForFunction(
      () => document.querySelector('[data-test=dialer-rates] [data-metric=machineRate] strong')?.textContent?.trim() !== '—',
    );
    if (lang === 'en') {
      // The live numbers may have moved on since the API was asked only if events arrived: none did.
      expect(await rateText(page, 'machineRate')).toBe(pct(api.rates.machineRate));
      expect(await rateText(page, 'abandonRate')).toBe(pct(api.rates.abandonRate));
      expect(await textOf(page.locator('[data-agent=LiWei] [data-test=reason]'))).toBe('LUNCH');
      expect(await textOf(page.locator('[data-agent=LiWei] [data-test=since]'))).toMatch(/^1[23] min$/);
      expect(await textOf(page.locator('[data-agent=SunLi] [data-test=reason]'))).toBe('TRAINING');
    } else expect(await textOf(page.locator('[data-agent=LiWei] [data-test=since]'))).toMatch(/^1[23] 分钟$/);
    await page.screenshot({ path: path.join(ARTIFACTS, `dialer-supervisor-${lang}.png`) });
    await page.close();
  }
}, 120_000);

test('history charts the answering-machine and abandoned-call rates per bucket and per agent', async () => {
  for (const lang of ['en', 'zh-CN'] as const) {
    const page = await open('/history', lang, TOKENS.ADMIN_TOKEN, '[data-chart="series.csv"] canvas');
    // Offered by their names in both languages.
    expect(await textOf(page.locator('.metrics button[data-metric=machineRate]'))).toBe(lang === 'en' ? 'Answering machines' : '答录机率');
    expect(await textOf(page.locator('.metrics button[data-metric=abandonRate]'))).toBe(lang === 'en' ? 'Abandoned' : '放弃率');
    for (const m of ['machineRate', 'abandonRate']) await page.locator(`.metrics button[data-metric=${m}]`).click();
    // Only the two dialer rates: the agents chart ranks by the first.
    for (const m of ['connectRate', 'effectiveRate', 'sales']) await page.locator(`.metrics button[data-metric=${m}]`).click();
    expect(await page.locator('.metrics button.on').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-metric')))).toEqual([
      'machineRate',
      'abandonRate',
    ]);
    // Charts draw on the next frames.
    await page.waitForTimeout(1500);
    await page.screenshot({ path: path.join(ARTIFACTS, `dialer-history-${lang}.png`) });
    await page.close();
  }
  const agents = (await get(`${server.url}/api/v1/history/agents?range=today`)).body.rows as {
    agentId: string;
    rates: { machineRate: number | null };
  }[];
  expect(agents.find((a) => a.agentId === 'LiWei')?.rates.machineRate).toBeGreaterThan(0);
}, 120_000);
