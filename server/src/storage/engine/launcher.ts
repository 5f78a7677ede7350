import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ASSETS } from '../../config/app-root.js';

/** The engine could not be found or built: the message says what to install or set. */
export class EngineUnavailableError extends Error {}

/** Where chdb keeps ClickHouse for each platform (chdb/dist/loader.js). */
const LIB_PACKAGES: Record<string, string> = {
  'linux-x64': '@chdb/lib-linux-x64-gnu',
  'linux-arm64': '@chdb/lib-linux-arm64-gnu',
  'darwin-x64': '@chdb/lib-darwin-x64',
  'darwin-arm64': '@chdb/lib-darwin-arm64',
};

/** libchdb.so of the installed chdb package: ClickHouse 26.7, the same engine every test runs. */
export function libchdbPath(appRoot: string): string {
  const pkg = LIB_PACKAGES[`${process.platform}-${process.arch}`];
  if (!pkg)
    throw new EngineUnavailableError(`the embedded ClickHouse has no build for ${process.platform}-${process.arch}: set CLICKHOUSE_URL`);
  const require = createRequire(path.join(appRoot, 'package.json'));
  let dir: string;
  try {
    dir = path.dirname(require.resolve(`${pkg}/package.json`));
  } catch {
    throw new EngineUnavailableError(`${pkg} is not installed (run npm ci), or set CLICKHOUSE_URL`);
  }
  const lib = path.join(dir, process.platform === 'darwin' ? 'libchdb.dylib' : 'libchdb.so');
  if (!existsSync(lib)) throw new EngineUnavailableError(`${lib} is missing: run npm ci`);
  return lib;
}

export const LAUNCHER_SOURCE = ASSETS.launcherSource;

/**
 * The launcher binary for this source, built once with the machine's C compiler into `cacheDir`
 * (named by the source's hash, so an edited launcher is rebuilt). A prebuilt one (the Docker image
 * builds it in its build stage) is used when present.
 */
export function ensureLauncher(appRoot: string, cacheDir: string): string {
  const source = path.join(appRoot, LAUNCHER_SOURCE);
  if (!existsSync(source)) throw new EngineUnavailableError(`${source} is missing`);
  const hash = createHash('sha256').update(readFileSync(source)).digest('hex').slice(0, 12);
  const bin = path.join(cacheDir, `floorpulse-launcher-${hash}`);
  if (existsSync(bin)) return bin;
  mkdirSync(cacheDir, { recursive: true });
  // Built under a unique name and renamed: two processes starting at once never run a half-written file.
  const tmp = `${bin}.${process.pid}.tmp`;
  const cc = 'cc';
  try {
    execFileSync(cc, ['-O2', '-o', tmp, source, '-ldl'], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    const why = e instanceof Error && 'stderr' in e ? String((e as { stderr: unknown }).stderr).trim() : String(e);
    throw new EngineUnavailableError(
      `could not build the ClickHouse launcher with \`${cc}\` (install a C compiler, e.g. apt-get install gcc, or set CLICKHOUSE_URL): ${why}`,
    );
  }
  renameSync(tmp, bin);
  return bin;
}
