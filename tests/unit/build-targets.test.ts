import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isCurrent, type Target } from '../../tools/build/targets.js';

/** `npm start` rebuilds only what is stale: a missing output, or a source newer than it. */
const T: Target = { name: 'server', sources: ['src', 'tsconfig.json'], output: 'dist/BUILT' };
let root = '';

function file(rel: string, atSeconds: number): void {
  const p = path.join(root, rel);
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, rel);
  utimesSync(p, atSeconds, atSeconds);
}

function floor(): void {
  root = mkdtempSync(path.join(tmpdir(), 'fp-targets-'));
  file('src/a/deep.ts', 1000);
  file('tsconfig.json', 1000);
  utimesSync(path.join(root, 'src/a'), 1000, 1000);
  utimesSync(path.join(root, 'src'), 1000, 1000);
}

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('build targets', () => {
  it('are stale without an output', () => {
    floor();
    expect(isCurrent(root, T)).toBe(false);
  });

  it('are current when the output is newer than every source', () => {
    floor();
    file('dist/BUILT', 2000);
    expect(isCurrent(root, T)).toBe(true);
  });

  it('are stale when a file deep in a source folder changed after the build', () => {
    floor();
    file('dist/BUILT', 2000);
    file('src/a/deep.ts', 3000);
    expect(isCurrent(root, T)).toBe(false);
  });

  it('are stale when a single-file source changed, and ignore node_modules inside sources', () => {
    floor();
    file('dist/BUILT', 2000);
    file('src/node_modules/x.js', 5000);
    utimesSync(path.join(root, 'src'), 1000, 1000);
    expect(isCurrent(root, T)).toBe(true);
    file('tsconfig.json', 3000);
    expect(isCurrent(root, T)).toBe(false);
  });
});
