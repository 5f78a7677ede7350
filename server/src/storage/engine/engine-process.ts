import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Logger } from 'pino';
import { BehaviorSubject, type Observable, type SchedulerLike } from 'rxjs';
import { freePort } from '../../ops/free-port.js';
import { writeEngineFiles } from './engine-files.js';
import { EngineUnavailableError, ensureLauncher, libchdbPath } from './launcher.js';

export { EngineUnavailableError } from './launcher.js';

export interface EngineOptions {
  /** The engine's own data directory (DATA_DIR/clickhouse). */
  dataDir: string;
  appRoot: string;
  /** Where the launcher is built once (it outlives data directories). */
  cacheDir: string;
  passwords: { app: string; analyst: string };
  /** 0: a free port picked at each start. */
  port: number;
  scheduler: SchedulerLike;
  log: Logger;
}

/** clickhouse-local serves HTTP only while a query of its own runs: the second statement never returns. */
const SERVE =
  'SYSTEM START LISTEN HTTP; SELECT sleepEachRow(3) FROM numbers(1000000000000) SETTINGS function_sleep_max_microseconds_per_block = 0, max_block_size = 1, max_execution_time = 0';
/** 60 s: a first start on a slow disk loads every part's metadata before it listens. */
const START_WITHIN_MS = 60_000;
/** Restarts back off from 0.5 s to 30 s, and reset once the engine has run for a minute. */
const BACKOFF_MS = [500, 1000, 2000, 5000, 10_000, 30_000];
const STOP_WITHIN_MS = 10_000;
/** Lines ClickHouse writes for a query that failed: the caller already has the error; the log would repeat an analyst's text. */
const PER_QUERY_LINE = /executeQuery:|DynamicQueryHandler:|sendExceptionToHTTPClient|^\s*\d+\. |Stack trace|^\s*\(version [\d.]+\)$/;

function wait(ms: number, scheduler: SchedulerLike): Promise<void> {
  return new Promise((resolve) => scheduler.schedule(resolve, ms));
}

/**
 * FloorPulse's embedded ClickHouse as a child process (launcher.c over the chdb package's libchdb.so),
 * serving HTTP on 127.0.0.1 with the users of deploy/clickhouse/users.d. Supervised: if it dies it is
 * started again on the same port with backoff, and `up$` is false until it answers again; `stop()` ends it.
 */
export class EngineProcess {
  private child: ChildProcess | null = null;
  private stopping = false;
  private failures = 0;
  private readonly up = new BehaviorSubject(false);
  /** True while the engine answers; false while it starts, restarts or has stopped. */
  readonly up$: Observable<boolean> = this.up.asObservable();
  private port = 0;
  private bin = '';
  private lib = '';
  private configFile = '';
  private workDir = '';
  private stderrTail: string[] = [];
  private exited: Promise<void> = Promise.resolve();

  constructor(private readonly o: EngineOptions) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get isUp(): boolean {
    return this.up.value;
  }

  /** Builds the launcher if needed, writes the users, starts the engine, resolves once it answers. */
  async start(): Promise<void> {
    this.bin = ensureLauncher(this.o.appRoot, this.o.cacheDir);
    this.lib = libchdbPath(this.o.appRoot);
    mkdirSync(this.o.dataDir, { recursive: true });
    const confDir = path.join(path.dirname(this.o.dataDir), 'engine');
    mkdirSync(confDir, { recursive: true, mode: 0o700 });
    const files = writeEngineFiles(confDir, this.o.appRoot, this.o.passwords);
    this.configFile = files.config;
    this.workDir = files.userFiles;
    this.port = this.o.port || (await freePort());
    await this.launch();
  }

  private async launch(): Promise<void> {
    this.stderrTail = [];
    const child = spawn(
      this.bin,
      [
        // --log-level: clickhouse-local takes its console level from the command line, not from <logger>.
        this.lib,
        `--config-file=${this.configFile}`,
        `--path=${path.resolve(this.o.dataDir)}/`,
        '--log-level=error',
        '--listen_host=127.0.0.1',
        `--http_port=${this.port}`,
        `--query=${SERVE}`,
      ],
      {
        // Nothing secret: the users file holds only password hashes, and FloorPulse's tokens never reach
        // the engine's environment. The working folder is empty: a relative path reads nothing.
        env: { PATH: '/usr/bin:/bin' },
        cwd: this.workDir,
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    this.child = child;
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        resolve();
        this.onExit(child, code, signal);
      }),
    );
    createInterface({ input: child.stderr! }).on('line', (line) => {
      this.stderrTail = [...this.stderrTail.slice(-20), line];
      if (line.trim() !== '' && !PER_QUERY_LINE.test(line)) this.o.log.warn({ engine: line.slice(0, 2000) }, 'clickhouse engine');
    });
    const deadline = this.o.scheduler.now() + START_WITHIN_MS;
    while (this.o.scheduler.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new EngineUnavailableError(`the embedded ClickHouse exited at start: ${this.stderrTail.join(' | ').slice(-1500)}`);
      }
      if (await this.ping()) {
        this.up.next(true);
        this.o.log.info({ url: this.url, pid: child.pid }, 'embedded ClickHouse is up');
        return;
      }
      await wait(50, this.o.scheduler);
    }
    child.kill('SIGKILL');
    throw new EngineUnavailableError(`the embedded ClickHouse did not answer within ${START_WITHIN_MS / 1000} s`);
  }

  private async ping(): Promise<boolean> {
    try {
      const res = await fetch(`${this.url}/ping`, { signal: AbortSignal.timeout(1000) });
      await res.text();
      return res.ok;
    } catch {
      return false;
    }
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.child !== child) return;
    this.child = null;
    this.up.next(false);
    if (this.stopping) return;
    this.o.log.error({ code, signal, stderr: this.stderrTail.slice(-5) }, 'embedded ClickHouse stopped: restarting it');
    void this.restart();
  }

  private async restart(): Promise<void> {
    while (!this.stopping) {
      await wait(BACKOFF_MS[Math.min(this.failures, BACKOFF_MS.length - 1)]!, this.o.scheduler);
      if (this.stopping) return;
      const startedAt = this.o.scheduler.now();
      try {
        await this.launch();
        // Forget earlier failures only once it has stayed up a minute: a crash loop keeps backing off.
        this.o.scheduler.schedule(() => {
          if (this.isUp && this.o.scheduler.now() - startedAt >= 60_000) this.failures = 0;
        }, 60_000);
        return;
      } catch (err) {
        this.failures++;
        this.o.log.error({ err, attempt: this.failures }, 'embedded ClickHouse did not come back');
      }
    }
  }

  /** Ends the engine (SIGTERM, then SIGKILL after 10 s) and does not restart it. */
  async stop(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child) return;
    const killer = this.o.scheduler.schedule(() => child.kill('SIGKILL'), STOP_WITHIN_MS);
    child.kill('SIGTERM');
    await this.exited;
    killer.unsubscribe();
    this.up.complete();
  }

  /** The engine's pid (tests kill it to see the supervisor bring it back). */
  get pid(): number | undefined {
    return this.child?.pid;
  }
}
