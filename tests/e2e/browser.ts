import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
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
