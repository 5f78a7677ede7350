import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/src/config/config.js';
import { freePort } from '../../server/src/ops/free-port.js';
import { openStore } from '../../server/src/storage/clickhouse.js';
import { compiledServer } from '../helpers/build.js';
import { clickhouseEnv } from '../helpers/clickhouse-mode.js';
import { STORE_DEPS, TOKENS, tempDataDir } from '../helpers/server.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

interface Child {
  proc: ChildProcess;
  url: string;
  logs: string[];
  exited: Promise<number | null>;
}

/** The run's ClickHouse server in the `server` project (one database for the file: a restart finds its data). */
const chEnv = clickhouseEnv('ops-shutdown');

/** The compiled server as production runs it (npm start), in its own process; resolves once it listens. */
async function startMain(dataDir: string, port: number): Promise<Child> {
  const main = compiledServer();
  const proc = spawn(main.cmd, main.args, {
    cwd: ROOT,
    env: {
      ...process.env,
      ...TOKENS,
      ...chEnv,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      FLOOR_TZ: 'Asia/Shanghai',
      LOG_LEVEL: 'info',
      INGEST_FLUSH_MS: '200',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const logs: string[] = [];
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    readline.createInterface({ input: proc.stdout! }).on('line', (line) => {
      logs.push(line);
      if (line.includes('FloorPulse is listening')) resolve();
    });
    void exited.then((code) => reject(new Error(`server exited with ${code}: ${logs.join('\n')}`)));
  });
  return { proc, url: `http://127.0.0.1:${port}`, logs, exited };
}

describe('graceful shutdown', () => {
  const dataDir = tempDataDir('ops-shutdown');
  const children: Child[] = [];
  afterAll(() => {
    for (const c of children) if (c.proc.exitCode === null) c.proc.kill('SIGKILL');
  });

  it('SIGTERM during ingest loses no acknowledged event', async () => {
    const port = await freePort();
    const first = await startMain(dataDir, port);
    children.push(first);
    const acked: string[] = [];
    let sent = 0;
    let signalled = false;
    const worker = async (w: number) => {
      for (let n = 0; ; n++) {
        const ids = Array.from({ length: 100 }, (_, i) => `w${w}-${n}-${i}`);
        const body = ids
          .map((id) =>
            JSON.stringify({
              id,
              type: 'call.dialed',
              ts: Date.now() - 1000,
              teamId: 't1',
              agentId: `a${w}`,
              callId: `c-${id}`,
              channel: 'human',
            }),
          )
          .join('\n');
        sent += ids.length;
        try {
          const res = await fetch(`${first.url}/api/v1/events`, {
            method: 'POST',
            headers: { authorization: `Bearer ${TOKENS.INGEST_TOKEN}`, 'content-type': 'application/x-ndjson' },
            body,
          });
          if (res.status !== 200) return;
          const result = (await res.json()) as { accepted: number };
          expect(result.accepted).toBe(100);
          acked.push(...ids);
        } catch {
          return; // The server has stopped listening: this batch was never acknowledged.
        }
        if (!signalled && acked.length >= 1000) {
          signalled = true;
          first.proc.kill('SIGTERM');
        }
      }
    };
    await Promise.all([0, 1, 2, 3].map(worker));
    const code = await first.exited;
    expect(code, first.logs.slice(-8).join('\n')).toBe(0);
    expect(first.logs.join('\n')).toContain('shut down cleanly');
    expect(signalled).toBe(true);
    // Batches were still in flight when the signal came: more were sent than acknowledged before it.
    expect(sent).toBeGreaterThan(acked.length);

    // Restart: the live windows are rebuilt from ClickHouse and hold every acknowledged event.
    const second = await startMain(dataDir, await freePort());
    children.push(second);
    const rates = await fetch(`${second.url}/api/v1/rates?scope=floor&window=today`, {
      headers: { authorization: `Bearer ${TOKENS.VIEWER_TOKEN}` },
    });
    const snapshot = (await rates.json()) as { counts: { dialed: number } };
    expect(snapshot.counts.dialed).toBeGreaterThanOrEqual(acked.length);
    second.proc.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    // And in ClickHouse itself: each acknowledged id exactly once.
    const store = await openStore(loadConfig({ DATA_DIR: dataDir, ...chEnv }), STORE_DEPS);
    const rs = await store.client.query({
      query: 'SELECT count() AS n, uniqExact(id) AS u FROM call_events WHERE id IN {ids:Array(String)}',
      query_params: { ids: acked },
      format: 'JSONEachRow',
    });
    const [row] = await rs.json<{ n: string; u: string }>();
    expect(Number(row!.n)).toBe(acked.length);
    expect(Number(row!.u)).toBe(acked.length);
    await store.close();
  }, 120_000);
});
