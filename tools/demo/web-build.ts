import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** The newest modification time under a folder (skipping node_modules). */
function newest(dir: string): number {
  if (!existsSync(dir)) return 0;
  let latest = statSync(dir).mtimeMs;
  if (!statSync(dir).isDirectory()) return latest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const p = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return latest;
}

/** What the web bundle is built from: its own sources and the shared contract it imports. */
export const WEB_SOURCES = ['web/src', 'web/index.html', 'shared/src'] as const;

/** web/dist exists and is newer than every web source. */
export function webIsCurrent(root: string): boolean {
  const built = path.join(root, 'web/dist/index.html');
  return existsSync(built) && WEB_SOURCES.every((s) => statSync(built).mtimeMs >= newest(path.join(root, s)));
}

/**
 * Builds web/dist when it is missing or older than the web sources: the first demo pays for one
 * Vite build, later ones start at once. Returns false when the web cannot be built (the API still works).
 */
export function ensureWebBuilt(root: string): boolean {
  const built = path.join(root, 'web/dist/index.html');
  if (webIsCurrent(root)) return true;
  console.error('building the web pages (first run, or the web sources changed)…');
  const res = spawnSync('npm', ['run', 'build:web', '--if-present'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (res.status !== 0 || !existsSync(built)) {
    console.error('the web could not be built: the API and metrics still run; see the output above.');
    return false;
  }
  return true;
}
