import path from 'node:path';
import type { BrowserContext, Page, Request } from 'playwright-core';
import { collectInPage, type Seen } from './zh-walk-check.js';

/**
 * The zh-CN walk's moves (web-zh-walk.test.ts): open a page in zh-CN, wait until it has settled, and
 * keep what it shows. `url`: the server's, read when a page opens (it is known only once the server runs).
 */
export function createWalker(opts: { url: () => string; shots: string }) {
  const seen: Seen[] = [];
  const visited = new Set<string>();

  /** Requests in flight per page: a page has settled when none is, after the frames a click's re-render takes. */
  const inFlight = new Map<Page, number>();
  function track(page: Page): void {
    inFlight.set(page, 0);
    // Socket.IO's own requests (a long poll, were it to fall back) wait on purpose: not the page loading.
    const counted = (r: Request) => !r.url().includes('/socket.io/');
    page.on('request', (r) => counted(r) && inFlight.set(page, (inFlight.get(page) ?? 0) + 1));
    const done = (r: Request) => counted(r) && inFlight.set(page, (inFlight.get(page) ?? 1) - 1);
    page.on('requestfinished', done);
    page.on('requestfailed', done);
  }
  const frames = (page: Page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  async function settled(page: Page): Promise<void> {
    await frames(page);
    while ((inFlight.get(page) ?? 0) > 0) await page.waitForEvent('requestfinished', { timeout: 15_000 }).catch(() => undefined);
    await frames(page);
  }

  /** What the page shows now, under `name`, and (the first view of each page) a screenshot to look at. */
  async function collect(page: Page, name: string, how: { shot?: boolean } = {}): Promise<void> {
    await settled(page);
    seen.push(...(await page.evaluate(collectInPage, name)));
    if (how.shot !== false) await page.screenshot({ path: path.join(opts.shots, `${name.replace(/[^\w.-]+/g, '_')}.png`) });
  }

  /** A page of the app at `url` in zh-CN, once `ready` shows; a page error counts as a finding. */
  async function open(ctx: BrowserContext, url: string, ready: string): Promise<Page> {
    const page = await ctx.newPage();
    track(page);
    page.on('pageerror', (e) => seen.push({ page: url, where: 'page error', text: e.message }));
    await page.goto(`${opts.url()}${url}${url.includes('?') ? '&' : '?'}lang=zh-CN`);
    await page.waitForSelector(ready, { timeout: 15_000 });
    visited.add(new URL(url, opts.url()).pathname);
    return page;
  }
  return { seen, visited, track, collect, open };
}
