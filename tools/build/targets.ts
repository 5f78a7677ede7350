import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * What `npm run build` makes, and from what. A target is stale when its output is missing or older
 * than any of its sources: `npm start`, `npm run demo` and the e2e tests build only what is stale.
 */
export interface Target {
  name: 'server' | 'web';
  /** Files and folders (relative to the app root) the output is made from. */
  sources: readonly string[];
  /** The file written last by the build: its age is the build's age. */
  output: string;
}

export const TARGETS: readonly Target[] = [
  {
    name: 'server',
    sources: ['server/src', 'shared/src', 'tools', 'tsconfig.base.json', 'tsconfig.build.json'],
    output: 'dist/server/BUILT',
  },
  {
    name: 'web',
    sources: ['web/src', 'web/index.html', 'web/vite.config.ts', 'web/tsconfig.json', 'shared/src'],
    output: 'dist/web/index.html',
  },
];

/** The newest modification time under a path (skipping node_modules and dist). */
export function newest(p: string): number {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let latest = st.mtimeMs;
  for (const entry of readdirSync(p, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    latest = Math.max(latest, newest(path.join(p, entry.name)));
  }
  return latest;
}

export function isCurrent(root: string, t: Target): boolean {
  const out = path.join(root, t.output);
  if (!existsSync(out)) return false;
  const built = statSync(out).mtimeMs;
  return t.sources.every((s) => newest(path.join(root, s)) <= built);
}

export function staleTargets(root: string): Target[] {
  return TARGETS.filter((t) => !isCurrent(root, t));
}
