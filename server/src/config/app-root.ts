import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder that holds FloorPulse's package.json (name "floorpulse"): migrations, default rules, the
 * engine's users, the web bundle and the launcher are all found from it, whether the server runs from
 * its TypeScript sources or from the compiled dist/. APP_ROOT overrides it (config.ts).
 */
export function detectAppRoot(from: string = path.dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: unknown }).name === 'floorpulse') return dir;
      } catch {
        // Not a package.json we can read: keep walking up.
      }
    }
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`FloorPulse's package.json was not found above ${from}: set APP_ROOT`);
    dir = up;
  }
}

/**
 * Every file the server reads at run time, relative to the app root: the same paths whether it runs
 * from TypeScript (tsx) or from dist/ (npm start), and what a Docker image must copy.
 */
export const ASSETS = {
  packageJson: 'package.json',
  migrations: 'server/src/storage/migrations',
  defaultRules: 'server/src/rules/defaults.json',
  suggestions: 'server/src/me/suggestions.json',
  hookMappings: 'server/src/hooks/mappings',
  launcherSource: 'server/src/storage/engine/launcher.c',
  engineUsers: 'deploy/clickhouse/users.d',
  web: 'dist/web',
} as const;

let detected: string | undefined;

/** An asset's absolute path; `root` is config.APP_ROOT, or the detected root for callers without a config. */
export function assetPath(name: keyof typeof ASSETS, root?: string): string {
  detected ??= root ?? detectAppRoot();
  return path.join(root ?? detected, ASSETS[name]);
}
