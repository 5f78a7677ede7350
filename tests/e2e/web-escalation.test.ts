import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { asyncScheduler } from 'rxjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { get, post, startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';
import { ARTIFACTS, ensureWebBuilt, launchChromium } from './browser.js';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  ensureWebBuilt();
  // Real time, like every browser test: the page and the server agree on the clock.
  server = await startServer({ dataDir: tempDataDir('e2e-escalation'), scheduler: asyncScheduler });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('escalation in a real browser', () => {
  test('an unacknowledged help request escalates: the card is marked, a grouped second request shows its count', async () => {
    // The floor tunes the help rule as data: escalate after 10 s instead of the shipped 120 s, so the test waits 10 s, not 2 min.
    const help = ((await get(`${server.url}/api/v1/rules`, TOKENS.ADMIN_TOKEN)).body.rules as { id: string }[]).find(
      (r) => r.id === 'help',
    );
    const put = await fetch(`${server.url}/api/v1/rules/help`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${TOKENS.ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...help, escalateAfterSeconds: 10 }),
    });
    expect(put.status).toBe(200);

    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.goto(`${server.url}/supervisor?token=${TOKENS.SUPERVISOR_TOKEN}&lang=en`);
    await page.waitForSelector('[data-test=inbox]');
    // One click turns the chime on (a browser sounds only after a gesture); the button then offers to mute.
    await page.click('[data-test=sound]');
    await page.waitForFunction(() => document.querySelector('[data-test=sound]')?.getAttribute('aria-pressed') === 'true');
    expect(await page.textContent('[data-test=sound]')).toContain('Mute');

    const ask = (id: string, message: string) =>
      post(`${server.url}/api/v1/events`, [
        { id, type: 'help.requested', ts: Date.now() - 500, teamId: 'south', agentId: 'ZhouTao', message },
      ]);
    expect((await ask('e2e-esc-1', 'customer wants a manager')).status).toBe(200);
    const card = page.locator('[data-alert-id="help:e2e-esc-1"]');
    await card.waitFor({ timeout: 10_000 });
    expect(await card.locator('.escalated').count()).toBe(0);
    expect((await ask('e2e-esc-2', 'still waiting')).status).toBe(200);
    await card.locator('.count', { hasText: '2' }).waitFor({ timeout: 10_000 });
    // The latest request's words once: in the headline, not again as evidence (a live card used to repeat them).
    expect(((await card.textContent()) ?? '').split('still waiting').length - 1).toBe(1);

    await card.locator('.escalated').waitFor({ timeout: 20_000 });
    expect(await card.getAttribute('class')).toContain('esc');
    const listed = (await get(`${server.url}/api/v1/alerts`, TOKENS.SUPERVISOR_TOKEN)).body.alerts as {
      id: string;
      escalatedAt?: string;
    }[];
    expect(listed.find((a) => a.id === 'help:e2e-esc-1')?.escalatedAt).toBeTruthy();
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'supervisor-escalated-en.png') });

    // Acknowledging it takes it off the open list, escalated or not.
    await card.locator('[data-action=ack]').click();
    await card.waitFor({ state: 'detached', timeout: 10_000 });
    await page.close();
  }, 90_000);

  test("a team's wall shows its team's alert banner, escalated, without the call or the agent; the other team's wall and the floor's do not", async () => {
    // The complaint-rate rule fires on a small sample and escalates in 10 s: rules are data (defaults: 200 answers, 600 s).
    const rules = (await get(`${server.url}/api/v1/rules`, TOKENS.ADMIN_TOKEN)).body.rules as { id: string }[];
    const rule = rules.find((r) => r.id === 'team-complaint-rate');
    const put = await fetch(`${server.url}/api/v1/rules/team-complaint-rate`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${TOKENS.ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...rule, minSample: { count: 'answered', min: 1 }, escalateAfterSeconds: 10 }),
    });
    expect(put.status).toBe(200);
    const wall = async (scope: string) => {
      const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
      await page.goto(`${server.url}/wall?scope=${scope}&token=${TOKENS.VIEWER_TOKEN}&lang=en`);
      await page.waitForSelector('[data-test=live]');
      return page;
    };
    const [north, south, floor] = [await wall('team:north'), await wall('team:south'), await wall('floor')];
    const ts = Date.now() - 5_000;
    const call = { teamId: 'north', agentId: 'LiWei', callId: 'banner-call-1' };
    const events = [
      { ...call, id: 'banner-d', type: 'call.dialed', ts, channel: 'human' },
      { ...call, id: 'banner-a', type: 'call.answered', ts: ts + 1_000 },
      { ...call, id: 'banner-f', type: 'compliance.flag', ts: ts + 2_000, rule: 'complaint', severity: 'reminder' },
    ];
    expect((await post(`${server.url}/api/v1/events`, events)).status).toBe(200);

    // Live: the north wall's banner names the team's number, and nothing of the call that made it.
    const banner = north.locator('[data-test=alert-banner]');
    await banner.waitFor({ timeout: 15_000 });
    expect(await banner.textContent()).toMatch(/Team alert.*north.*complaint rate/i);
    await banner.locator('[data-test=banner-escalated]').waitFor({ timeout: 20_000 });
    // On load too: a wall opened now reads it from GET /api/v1/alerts.
    const reopened = await wall('team:north');
    await reopened.locator('[data-test=alert-banner] [data-test=banner-escalated]').waitFor({ timeout: 15_000 });
    for (const p of [north, reopened]) expect(await p.locator('[data-test=alert-banner]').textContent()).not.toMatch(/banner-call|LiWei/);
    mkdirSync(ARTIFACTS, { recursive: true });
    await north.screenshot({ path: path.join(ARTIFACTS, 'wall-team-banner-en.png') });
    expect(await south.locator('[data-test=alert-banner]').count()).toBe(0);
    expect(await floor.locator('[data-test=alert-banner]').count()).toBe(0);
    for (const p of [north, south, floor, reopened]) await p.close();
  }, 90_000);
});
