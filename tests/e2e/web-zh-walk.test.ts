import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { asyncScheduler } from 'rxjs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { PAGE_ROLES } from '../../web/src/lib/pages.js';
import { eventually } from '../helpers/eventually.js';
import { createDisplay, person, type Session } from '../helpers/people.js';
import { get, post, startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';
import { ARTIFACTS, ensureWebBuilt, launchChromium, signedInContext } from './browser.js';
import { ROBOTS, seedFloor, TEAMS } from './seed.js';
import { englishLeft, type Finding } from './zh-walk-check.js';
import { createWalker } from './zh-walk-pages.js';

/**
 * Every page in zh-CN in a real chromium, on a floor with something on each screen: goals, a help
 * request (escalated), compliance violations of each kind FloorPulse checks, a team's complaint alert
 * on its wall, an acknowledged alert, an agent's /me with goals and a help request. What a page shows
 * in English is listed (zh-walk-check.ts says what counts); the test fails on any.
 *
 * The walk finds what to open rather than listing it: every page of web/src/lib/pages.ts (a page it
 * does not know how to open fails the test), every tab of the admin page's tab bar, every rule in the
 * rules list, every option of the history page's selects, every "show SQL" button. A page, tab or
 * chart added later is walked too, without a change here.
 */
let server: TestServer;
let browser: Browser;
let agent: Session;
let supervisor: Session;
let display: string;
const SHOTS = path.join(ARTIFACTS, 'zh-walk');
const walk = createWalker({ url: () => server.url, shots: SHOTS });
const NAMES = new Set([
  ...Object.keys(TEAMS),
  ...Object.values(TEAMS).flat(),
  ...Object.values(ROBOTS).flat(),
  // The login the agent signs in with, shown beside their name, and the product's own name.
  'wang.fang',
  'li.sup',
  'FloorPulse',
  // The first admin's name as setup gives it (server/src/people/first-admin.ts): a person's name, the floor's to change.
  'Administrator',
  // The walk's own calls, by id as the supervisor's cards name them.
  ...['walk-v1', 'walk-v2', 'walk-v3', 'walk-v4', 'walk-c1'].map((v) => `${v}-call`),
]);

async function putRule(id: string, change: Record<string, unknown>): Promise<void> {
  const rules = (await get(`${server.url}/api/v1/rules`, TOKENS.ADMIN_TOKEN)).body.rules as { id: string }[];
  const res = await fetch(`${server.url}/api/v1/rules/${id}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${TOKENS.ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ...rules.find((r) => r.id === id), ...change }),
  });
  expect(res.status, await res.text()).toBe(200);
}

beforeAll(async () => {
  ensureWebBuilt();
  server = await startServer({ dataDir: tempDataDir('e2e-zh-walk'), scheduler: asyncScheduler });
  const now = Date.now();
  expect((await post(`${server.url}/api/v1/events`, seedFloor(now, { days: 8 }))).status).toBe(200);
  const goals = [
    ...Object.values(TEAMS)
      .flat()
      .map((a) => ({ scope: `agent:${a}`, metric: 'effective', period: 'day', target: 5 })),
    { scope: 'agent:WangFang', metric: 'sales', period: 'week', target: 6 },
    { scope: 'team:north', metric: 'sales', period: 'day', target: 8 },
    { scope: 'team:south', metric: 'leads', period: 'week', target: 12 },
  ];
  const put = await fetch(`${server.url}/api/v1/goals`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${TOKENS.ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ goals }),
  });
  expect(put.status).toBe(200);
  // Part of the floor in the roster, by its Chinese names (the rest shows by id, as an unlisted floor does).
  for (const [where, body] of [
    ['teams/south', { name: '南区二组', timeZone: 'Asia/Shanghai', supervisors: [] }],
    ['agents/WangFang', { name: '王芳', teamId: 'north', channel: 'human', active: true }],
  ] as const) {
    const res = await fetch(`${server.url}/api/v1/roster/${where}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${TOKENS.ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status, await res.text()).toBe(200);
  }
  // Escalation and the team's complaint alert in seconds rather than minutes and a 200-answer sample: rules are data.
  await putRule('help', { escalateAfterSeconds: 10 });
  await putRule('team-complaint-rate', { minSample: { count: 'answered', min: 1 }, escalateAfterSeconds: 10 });
  const flag = (id: string, agentId: string, teamId: string, rule: string, severity = 'violation') => ({
    id,
    type: 'compliance.flag',
    ts: now - 90_000,
    teamId,
    agentId,
    callId: `${id}-call`,
    rule,
    severity,
  });
  const alerts = [
    { id: 'walk-help', type: 'help.requested', ts: now - 60_000, teamId: 'south', agentId: 'SunLi', message: '客户要求退款' },
    flag('walk-v1', 'ZhaoLei', 'south', 'no_consent'),
    flag('walk-v2', 'ZhaoLei', 'south', 'frequency_cap'),
    flag('walk-v3', 'LiuYang', 'north', 'outside_hours'),
    flag('walk-v4', 'ChenJing', 'north', 'script_missing', 'reminder'),
    flag('walk-c1', 'LiWei', 'north', 'complaint', 'reminder'),
  ];
  expect((await post(`${server.url}/api/v1/events`, alerts)).status).toBe(200);
  // A contest running now: the wall's race bars and the history's list of contests have words to check.
  const north = await fetch(`${server.url}/api/v1/roster/teams/north`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${TOKENS.ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: '北区一组', timeZone: 'Asia/Shanghai', supervisors: [] }),
  });
  expect(north.status, await north.text()).toBe(200);
  const contest = await fetch(`${server.url}/api/v1/contests`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKENS.SUPERVISOR_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      name: '下午冲刺',
      kind: 'teams',
      metric: 'sales',
      from: new Date(now - 30 * 60_000).toISOString(),
      to: new Date(now + 60 * 60_000).toISOString(),
      participants: ['team:north', 'team:south'],
    }),
  });
  expect(contest.status, await contest.text()).toBe(201);
  // One acknowledged card with a person's note, for the "acknowledged" list.
  const open = await eventually(
    'the help request and the team complaint alert escalated',
    async () => {
      const list = (await get(`${server.url}/api/v1/alerts`, TOKENS.SUPERVISOR_TOKEN)).body.alerts as {
        id: string;
        ruleId: string;
        agentId?: string;
        escalatedAt?: string;
      }[];
      const escalated = (rule: string) => list.some((a) => a.ruleId === rule && a.escalatedAt);
      return escalated('help') && escalated('team-complaint-rate') ? list : null;
    },
    20_000,
  );
  const liu = open.find((a) => a.ruleId === 'violation' && a.agentId === 'LiuYang');
  expect(liu).toBeDefined();
  const ack = await post(`${server.url}/api/v1/alerts/${encodeURIComponent(liu!.id)}/ack`, { note: '已提醒' }, TOKENS.SUPERVISOR_TOKEN);
  expect(ack.status).toBe(200);
  agent = await person(server.url, { login: 'wang.fang', name: '王芳', role: 'agent', agentId: 'WangFang', password: 'agent-pass-67890' });
  supervisor = await person(server.url, {
    login: 'li.sup',
    name: '李主管',
    role: 'supervisor',
    teams: ['north'],
    password: 'sup-pass-12345',
  });
  display = (await createDisplay(server.url, { name: '南区电视', scope: 'team:south', lang: 'zh-CN', rotate: 0 })).secret;
  browser = await launchChromium();
  mkdirSync(SHOTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const signedIn = (s: Session, viewport: { width: number; height: number }): Promise<BrowserContext> =>
  signedInContext(browser, server.url, s, viewport);
const withToken = (url: string, token: string) => `${url}${url.includes('?') ? '&' : '?'}token=${token}`;

async function walkLogin(ctx: BrowserContext): Promise<void> {
  const page = await walk.open(ctx, '/login', '[data-test=sign-in]');
  await walk.collect(page, 'login');
  await page.locator('[data-test=sign-in] input').first().fill('nobody');
  await page.locator('[data-test=sign-in] input[type=password]').fill('wrong-password');
  await page.locator('[data-test=sign-in] button[type=submit]').click();
  await page.waitForSelector('[data-test=sign-in-error]');
  await walk.collect(page, 'login-wrong');
  await page.close();
}

async function walkWalls(ctx: BrowserContext): Promise<void> {
  for (const view of [
    'scope=floor',
    'scope=team:north',
    'scope=team:south',
    'scope=channel:human',
    'scope=channel:robot',
    'scope=agent:LiWei',
    'rotate=10',
    // The honour roll and the boards that rank by the other measures (issue 15).
    'view=honours',
    'rank=kpi',
    'rank=points',
  ]) {
    const page = await walk.open(ctx, withToken(`/wall?${view}`, TOKENS.VIEWER_TOKEN), '[data-test=live]');
    if (view === 'scope=team:north') await page.waitForSelector('[data-test=alert-banner]');
    await walk.collect(page, `wall-${view}`);
    if (view === 'scope=floor') {
      // A sale while the wall is up: the celebration's card.
      const base = { teamId: 'north', agentId: 'ChenJing', callId: 'walk-sale' };
      const ts = Date.now() - 200_000;
      const sale = [
        { ...base, id: 'walk-sale-d', type: 'call.dialed', ts, channel: 'human' },
        { ...base, id: 'walk-sale-a', type: 'call.answered', ts: ts + 5_000 },
        { ...base, id: 'walk-sale-e', type: 'call.ended', ts: ts + 150_000, answered: true, talkSeconds: 145, hangupBy: 'agent' },
        { ...base, id: 'walk-sale-o', type: 'call.outcome', ts: ts + 160_000, outcome: 'sale', amount: 2400 },
      ];
      expect((await post(`${server.url}/api/v1/events`, sale)).status).toBe(200);
      await page.waitForSelector('[data-test=celebration]', { timeout: 15_000 });
      await walk.collect(page, 'wall-celebration');
    }
    await page.close();
  }
  // A TV's display link, in the language the link gives (zh-CN), no ?lang= in its address.
  const tv = await ctx.newPage();
  walk.track(tv);
  await tv.goto(`${server.url}/wall?display=${display}`);
  await tv.waitForSelector('[data-test=live]');
  await walk.collect(tv, 'wall-display-link');
  await tv.close();
}

async function walkSupervisor(ctx: BrowserContext): Promise<void> {
  // A viewer who opens the supervisors' page is told, on their own page (the wall), that it is not theirs.
  const viewer = await walk.open(ctx, withToken('/supervisor', TOKENS.VIEWER_TOKEN), '[data-test=not-yours]');
  expect(new URL(viewer.url()).pathname).toBe('/wall');
  expect(await viewer.textContent('[data-test=not-yours]')).toContain('主管台');
  await walk.collect(viewer, 'wall-not-yours');
  await viewer.close();
  const page = await walk.open(ctx, withToken('/supervisor', TOKENS.SUPERVISOR_TOKEN), '[data-alert-id]');
  await page.waitForSelector('[data-alert-id^="help:"] .escalated');
  await page.click('[data-test=sound]');
  await walk.collect(page, 'supervisor-open');
  const status = page.locator('select').first();
  for (const value of await status.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))) {
    await status.selectOption(value);
    await walk.collect(page, `supervisor-${value}`, { shot: false });
  }
  await page.close();
}

/** A supervisor person: their teams first, the floor a click away (the view buttons a token never sees). */
async function walkSupervisorPerson(): Promise<void> {
  const ctx = await signedIn(supervisor, { width: 1920, height: 1080 });
  const page = await walk.open(ctx, '/supervisor', '[data-view=mine]');
  await walk.collect(page, 'supervisor-person-mine');
  await page.click('[data-view=floor]');
  await page.waitForSelector('[data-view=floor].on');
  await walk.collect(page, 'supervisor-person-floor');
  await ctx.close();
}

async function walkHistory(ctx: BrowserContext): Promise<void> {
  // The history page's other tabs (the weekly report, …), each as its own page.
  const tabs = await walk.open(ctx, withToken('/history', TOKENS.ADMIN_TOKEN), '[data-tab]');
  for (const tab of await tabs.locator('[data-tab]').evaluateAll((as) => as.map((a) => a.getAttribute('data-tab')!))) {
    await tabs.click(`[data-tab="${tab}"]`);
    await tabs.waitForSelector(`[data-tab="${tab}"][aria-selected=true]`);
    await tabs.waitForLoadState('networkidle');
    await walk.collect(tabs, `history-tab-${tab}`);
  }
  await tabs.close();
  const page = await walk.open(ctx, withToken('/history', TOKENS.ADMIN_TOKEN), '[data-chart] canvas, [data-chart] .empty');
  for (const b of await page.locator('[data-chart] [data-action=sql]').all()) await b.click();
  // A canvas's words reach the walk through its label (CommonChart.vue): the charts' series and axes.
  expect(await page.locator('[data-chart] [role=img][aria-label]').count()).toBeGreaterThan(0);
  await walk.collect(page, 'history');
  // Every choice of every select (range, bucket, a section's grouping), one after the other.
  const selects = await page.locator('main select').all();
  for (const [i, s] of selects.entries()) {
    const values = await s.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    for (const v of values) {
      await s.selectOption(v);
      await walk.collect(page, `history-select${i}-${v}`, { shot: false });
    }
    await s.selectOption(values[0]!);
  }
  await page.close();
}

async function walkAdmin(ctx: BrowserContext): Promise<void> {
  const page = await walk.open(ctx, withToken('/admin', TOKENS.ADMIN_TOKEN), '[data-tab]');
  const tabs = await page.locator('[data-tab]').evaluateAll((as) => as.map((a) => a.getAttribute('data-tab')!));
  expect(tabs.length).toBeGreaterThan(1);
  for (const tab of tabs) {
    await page.click(`[data-tab="${tab}"]`);
    await page.waitForSelector(`[data-tab="${tab}"][aria-selected=true]`);
    await walk.collect(page, `admin-${tab}`);
    if (tab === 'roster') {
      // One agent's history of versions: who changed what, when.
      await page.locator('[data-test=roster-agents] [data-action=history]').first().click();
      await page.waitForSelector('[data-test=agent-history]');
      await walk.collect(page, 'admin-roster-history');
    }
    if (tab !== 'rules') continue;
    // Each rule's editor: its fields differ (threshold, cooldown, sustain), and one backtest's answer.
    const rules = page.locator('.rules .list li');
    for (let i = 0; i < (await rules.count()); i++) {
      await rules.nth(i).click();
      await walk.collect(page, `admin-rules-${i}`, { shot: i === 0 });
    }
    await rules.first().click();
    await page.click('[data-action=backtest]');
    await page.waitForSelector('[data-test=backtest]');
    await walk.collect(page, 'admin-rules-backtest');
  }
  await page.close();
}

/** A team's day for its supervisor (/report), as a token and on paper. */
async function walkReport(ctx: BrowserContext): Promise<void> {
  const page = await walk.open(ctx, withToken('/report?team=north', TOKENS.SUPERVISOR_TOKEN), '[data-test=team-day]');
  await walk.collect(page, 'report');
  await page.close();
}

async function walkMe(): Promise<void> {
  const ctx = await signedIn(agent, { width: 390, height: 844 });
  const page = await walk.open(ctx, '/me', '[data-test=live]');
  await walk.collect(page, 'me');
  await page.locator('[data-test=help-ask]').click();
  await page.waitForSelector('[data-test=me-help][data-status=sent]');
  await walk.collect(page, 'me-help-sent');
  await ctx.close();
}

test('every page in zh-CN shows no English string and no raw rule, state or outcome id', async () => {
  const started = Date.now();
  const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  await walkLogin(ctx);
  await walkWalls(ctx);
  await walkSupervisor(ctx);
  await walkSupervisorPerson();
  await walkHistory(ctx);
  await walkAdmin(ctx);
  await walkReport(ctx);
  await ctx.close();
  await walkMe();
  // A page pages.ts lists that the walk does not open is a page nobody checked.
  expect([...walk.visited].sort()).toEqual(['/login', ...Object.keys(PAGE_ROLES)].sort());
  const findings: Finding[] = englishLeft(walk.seen, NAMES);
  const report = findings.map((f) => `${f.page} | ${f.where} | ${f.why} | ${JSON.stringify(f.text.slice(0, 120))}`);
  expect(report).toEqual([]);
  console.log(`zh-CN walk: ${walk.seen.length} strings on ${walk.visited.size} pages in ${Date.now() - started} ms`);
}, 120_000);
