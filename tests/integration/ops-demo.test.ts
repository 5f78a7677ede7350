import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { seriesAnswerSchema } from '@floorpulse/shared';
import { afterAll, describe, expect, it } from 'vitest';
import { compiledServer } from '../helpers/build.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('the README’s first command: npm run demo', () => {
  let demo: ChildProcess | null = null;
  afterAll(() => {
    if (demo && demo.exitCode === null) demo.kill('SIGKILL');
  });

  it('prints the wall URL and every token within seconds, and the wall shows a living floor with its history', async () => {
    const dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'fp-ops-demo-')), 'data-demo');
    // The compiled server is built once per checkout (as a warm install has it): not part of the start measured here.
    compiledServer();
    const started = Date.now();
    // --no-build: the web is built by its own step (the e2e checks the page in a browser); --port 0: any free port.
    // --history-days 14: the test runs beside the rest of the suite on two cores; the default 35 days' start
    // time is measured on an idle machine (docs/operations.md). 14 days give a full last week.
    demo = spawn(
      process.execPath,
      ['--import', 'tsx', 'tools/demo.ts', '--port', '0', '--data-dir', dataDir, '--no-build', '--history-days', '14'],
      {
        cwd: ROOT,
        env: { ...process.env, FLOOR_TZ: '', DEMO: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const output: string[] = [];
    demo.stderr!.on('data', (c: Buffer) => output.push(c.toString()));
    const exited = new Promise<number | null>((resolve) => demo!.once('exit', (code) => resolve(code)));
    const wall = await new Promise<string>((resolve, reject) => {
      readline.createInterface({ input: demo!.stdout! }).on('line', (line) => {
        output.push(line);
        const m = /Wall \(TV\):\s+(\S+)/.exec(line);
        if (m) resolve(m[1]!);
      });
      void exited.then((code) => reject(new Error(`demo exited with ${code}:\n${output.join('\n')}`)));
    });
    const seconds = (Date.now() - started) / 1000;
    // The goal is 10 s on an idle laptop; this machine is shared by parallel test runs, hence the margin.
    expect(seconds).toBeLessThan(30);
    expect(output.join('\n')).toContain('FloorPulse DEMO: a simulated floor, not real data');

    const url = new URL(wall);
    expect(url.pathname).toBe('/wall');
    const token = url.searchParams.get('token')!;
    expect(token).toMatch(/^demo-viewer-/);
    const page = await fetch(wall);
    if (existsSync(path.join(ROOT, 'dist/web/index.html'))) {
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<div id="app"|<html/i);
    } else {
      // Without a built web the server says how to build it; the numbers below still must be live.
      expect(page.status).toBe(503);
    }
    const rates = async (window: string) =>
      (
        (await (
          await fetch(`${url.origin}/api/v1/rates?scope=floor&window=${window}`, { headers: { authorization: `Bearer ${token}` } })
        ).json()) as {
          counts: { dialed: number; answered: number };
        }
      ).counts;
    // Labelled as a demo on every page: the pages read it from /api/v1/meta.
    const meta = (await (await fetch(`${url.origin}/api/v1/meta`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      demo: boolean;
    };
    expect(meta.demo).toBe(true);
    const today = await rates('today');
    expect(today.dialed).toBeGreaterThan(100);
    expect(today.answered).toBeGreaterThan(0);
    expect((await rates('15m')).dialed).toBeGreaterThan(0);
    // Live: more dials arrive after the backfill.
    const deadline = Date.now() + 20_000;
    let later = today.dialed;
    while (later <= today.dialed && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      later = (await rates('today')).dialed;
    }
    expect(later).toBeGreaterThan(today.dialed);

    // History before today for week-over-week and 30 days: a day with dials for each of the 14 days
    // asked for, and last week a full week of dials.
    const history = async (query: string) =>
      seriesAnswerSchema.parse(
        await (
          await fetch(`${url.origin}/api/v1/history/series?scope=floor&${query}`, { headers: { authorization: `Bearer ${token}` } })
        ).json(),
      );
    const month = await history('range=30d&bucket=1d');
    expect(month.points.filter((p) => p.counts.dialed > 1000).length).toBeGreaterThanOrEqual(14);
    const lastWeek = await history('range=7d&bucket=1d&shift=7');
    expect(lastWeek.points.reduce((n, p) => n + p.counts.dialed, 0)).toBeGreaterThan(20_000);
    // A newcomer's first example (README "Sending events") needs the ingest token: the banner prints it.
    expect(output.join('\n')).toMatch(/export INGEST_TOKEN=demo-ingest-\S+/);
    // People first: every line on the demo floor has a roster name (王芳…, robot lines "AI 线路 N"), none shows by id.
    const roster = (await (await fetch(`${url.origin}/api/v1/roster`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      agents: { id: string; name: string; channel: string }[];
      teams: { name: string; timeZone: string }[];
      unlistedTotal: number;
    };
    expect(roster.unlistedTotal).toBe(0);
    expect(roster.agents.filter((a) => a.channel === 'human').every((a) => /^\p{Script=Han}+\d*$/u.test(a.name))).toBe(true);
    expect(roster.agents.filter((a) => a.channel === 'robot').every((a) => /^AI 线路 \d+$/.test(a.name))).toBe(true);
    expect(roster.teams.every((t) => /\p{Script=Han}/u.test(t.name))).toBe(true);

    demo.kill('SIGTERM');
    expect(await exited).toBe(0);
    // The server was stopped with the demo: its port no longer answers.
    await expect(fetch(`${url.origin}/healthz`)).rejects.toThrow();
  }, 120_000);
});
