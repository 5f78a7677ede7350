import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { WEB_DIST } from '../../server/src/http/static-route.js';
import { WEB_SOURCES, webIsCurrent } from '../../tools/demo/web-build.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The built web the server serves; built here when absent or older than its sources (the same test as
 * `npm run demo`, tools/demo/web-build.ts): a stale bundle would test yesterday's pages. Under a lock,
 * re-checked inside it: two e2e files start in parallel and would both empty and write web/dist.
 */
export function ensureWebBuilt(): void {
  if (webIsCurrent(ROOT)) return;
  const index = path.join(WEB_DIST, 'index.html');
  const stale = `find ${WEB_SOURCES.map((s) => `'${path.join(ROOT, s)}'`).join(' ')} -newer '${index}' -print -quit`;
  execFileSync(
    'flock',
    [
      path.join(ROOT, 'node_modules', '.floorpulse-web-build.lock'),
      'sh',
      '-c',
      `test -f '${index}' && test -z "$(${stale})" || npx vite build web --logLevel error`,
    ],
    { cwd: ROOT, stdio: 'inherit' },
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
