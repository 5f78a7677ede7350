import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isCurrent, type Target } from './targets.js';

function run(root: string, cmd: string, args: string[]): void {
  const res = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (res.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${res.status ?? res.signal})`);
}

/**
 * The server and the shared contract, type-checked and compiled by tsc into dist/ (NodeNext: every
 * import as node resolves it). The workspace's @floorpulse/shared points at TypeScript (shared/src)
 * for tsx, Vite and vitest; the compiled server finds dist/node_modules/@floorpulse/shared first
 * (node looks in the nearest node_modules), a two-file package that re-exports the compiled contract.
 */
function buildServer(root: string): void {
  // tsc type-checks as it compiles: there is no unchecked server build.
  for (const d of ['dist/server', 'dist/shared', 'dist/node_modules']) rmSync(path.join(root, d), { recursive: true, force: true });
  run(root, process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json']);
  const shim = path.join(root, 'dist/node_modules/@floorpulse/shared');
  mkdirSync(shim, { recursive: true });
  writeFileSync(
    path.join(shim, 'package.json'),
    `${JSON.stringify({ name: '@floorpulse/shared', private: true, type: 'module', exports: './index.js' }, null, 2)}\n`,
  );
  writeFileSync(path.join(shim, 'index.js'), "export * from '../../../shared/src/index.js';\n");
  writeFileSync(path.join(root, 'dist/server/BUILT'), `${new Date().toISOString()}\n`);
}

/** The web pages: vue-tsc checks them, Vite bundles them into dist/web (web/vite.config.ts). */
function buildWeb(root: string, o: BuildOptions): void {
  if (o.typecheck) run(root, 'npm', ['run', 'typecheck', '-w', 'web']);
  run(root, process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', 'web', '--logLevel', 'warn']);
}

export interface BuildOptions {
  /** Skip targets whose output is newer than their sources. */
  onlyStale: boolean;
  /** vue-tsc over the web (the e2e tests skip it: `npm test` has just type-checked everything). */
  typecheck: boolean;
}

const BUILDERS: Record<Target['name'], (root: string, o: BuildOptions) => void> = { server: buildServer, web: buildWeb };

/**
 * Builds the targets, one process at a time: two e2e files, or a demo and a test, may ask at once and
 * would empty each other's output. The lock is an exclusive-create file; after waiting for it, a
 * target another process has just built is not built again.
 */
export function build(root: string, targets: readonly Target[], o: BuildOptions): void {
  mkdirSync(path.join(root, 'dist'), { recursive: true });
  const lock = path.join(root, 'dist/.build-lock');
  const fd = acquire(lock);
  try {
    for (const t of targets) {
      if (o.onlyStale && isCurrent(root, t)) continue;
      console.error(`building ${t.name}…`);
      BUILDERS[t.name](root, o);
    }
  } finally {
    closeSync(fd);
    rmSync(lock, { force: true });
  }
}

/** Synchronous on purpose: test files call it from a plain beforeAll, and a build blocks anyway. */
function acquire(lock: string): number {
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      const fd = openSync(lock, 'wx');
      writeFileSync(fd, String(process.pid));
      return fd;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      if (holderGone(lock)) rmSync(lock, { force: true });
      else if (Date.now() > deadline) throw new Error(`${lock} is held by another build for 10 min`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
}

/** A lock whose process has died (a killed build) must not block every later start. */
function holderGone(lock: string): boolean {
  try {
    const pid = Number(readFileSync(lock, 'utf8'));
    if (!Number.isInteger(pid) || pid <= 0) return false;
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
