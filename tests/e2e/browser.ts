import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';
import { SESSION_COOKIE } from '../../server/src/auth/sessions.js';
import { build } from '../../tools/build/build.js';
import { TARGETS } from '../../tools/build/targets.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The built web the server serves (dist/web), built when absent or older than its sources, the same
 * test as `npm start` and `npm run demo` (tools/build): a stale bundle would test yesterday's pages.
 */
export function ensureWebBuilt(): void {
  build(
    ROOT,
    TARGETS.filter((t) => t.name === 'web'),
    { onlyStale: true, typecheck: false },
  );
}

/** Debian's chromium (apt-get install chromium), driven by playwright-core: no browser download. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

export const ARTIFACTS = path.join(ROOT, 'artifacts');

/** A browser context holding a person's session cookie (tests/helpers/people.ts), as if they had signed in on it. */
export async function signedInContext(
  browser: Browser,
  url: string,
  s: { cookie: string },
  viewport: { width: number; height: number },
  options: { acceptDownloads?: boolean } = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport, ...options });
  const value = s.cookie.slice(`${SESSION_COOKIE}=`.length);
  await context.addCookies([{ name: SESSION_COOKIE, value, url, httpOnly: true, sameSite: 'Strict' }]);
  return context;
}
