import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)));
}

/**
 * The compiled server runs from dist/, where a path built from the module's own place
 * (import.meta.dirname, import.meta.url) points at a file tsc never copied: it started fine under tsx
 * and crashed compiled (suggestions.json). Files the server reads are ASSETS, found from APP_ROOT
 * (ops-compose.test.ts checks that the image copies each).
 */
describe('server files read at run time', () => {
  it('are found from the app root, never from the module’s own place', () => {
    const offenders = [...sources('server/src'), ...sources('shared/src')]
      .filter((f) => f !== path.join('server', 'src', 'config', 'app-root.ts'))
      .filter((f) => /import\.meta\.(dirname|filename|url)/.test(readFileSync(path.join(ROOT, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
