import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../tools/import.js';
import { testClock } from '../helpers/clock.js';
import { get, startServer, type TestServer, TOKENS, tempDataDir } from '../helpers/server.js';

const NOW = Date.parse('2026-11-20T06:00:00Z');
const T = (minutesAgo: number) => NOW - minutesAgo * 60_000;
const ROOT = path.resolve(import.meta.dirname, '../..');

const dial = (id: string, minutesAgo: number) =>
  JSON.stringify({
    id,
    type: 'call.dialed',
    ts: T(minutesAgo),
    teamId: 'north',
    agentId: 'n1',
    callId: `c-${id}`,
    channel: 'human',
    phone: '+8613900002222',
  });

describe('npm run import', () => {
  const clock = testClock(NOW);
  const dir = tempDataDir('ops-import');
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ dataDir: dir, scheduler: clock });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('backfills an NDJSON file, counting accepted, duplicate and rejected rows by line', async () => {
    const file = path.join(dir, 'history.ndjson');
    writeFileSync(
      file,
      [
        dial('i1', 30),
        dial('i2', 29),
        '',
        '{"id":"i3","type":"call.dialed"', // line 4: not JSON
        JSON.stringify({ id: 'i4', type: 'call.answered', teamId: 'north', agentId: 'n1', callId: 'c-i2' }), // line 5: no ts
        JSON.stringify({ ...JSON.parse(dial('i6', 27)), channel: 'fax' }), // line 6: no such channel
        dial('i1', 30), // line 7: a re-sent row
        JSON.stringify({ id: 'i5', type: 'call.answered', ts: T(28), teamId: 'north', agentId: 'n1', callId: 'c-i2' }),
      ].join('\n'),
    );
    // Batches of 2: lines 5–6 are a request with nothing valid (the API answers 400 with the per-item
    // list, which is not a failure of the import), and the re-sent row lands in another request than its original.
    const summary = await importFile(file, { url: server.url, token: TOKENS.INGEST_TOKEN, batch: 2, quiet: true });
    expect(summary).toEqual({
      rows: 7,
      accepted: 3,
      duplicates: 1,
      rejected: [
        { line: 4, error: 'line is not valid JSON' },
        { line: 5, error: expect.stringMatching(/^ts: /) },
        { line: 6, error: expect.stringMatching(/^channel: /) },
      ],
    });
    const rates = await get(`${server.url}/api/v1/rates?scope=floor&window=1h`);
    expect(rates.body.counts).toMatchObject({ dialed: 2, answered: 1 });
  });

  it('backfills a CSV file with quoted cells, typed numbers and booleans, and reports bad rows', async () => {
    const file = path.join(dir, 'history.csv');
    writeFileSync(
      file,
      [
        'id,type,ts,teamId,agentId,callId,channel,phone,answered,talkSeconds,hangupBy,outcome,amount,message',
        `k1,call.dialed,${T(20)},north,n2,ck1,human,+8613900003333,,,,,,`,
        `k2,call.ended,${new Date(T(19)).toISOString()},north,n2,ck1,,,true,75.5,customer,,,`,
        `k3,call.outcome,${T(19)},north,n2,ck1,,,,,,sale,1200,`,
        `k4,help.requested,${T(18)},north,n2,,,,,,,,,"Customer asks ""why"", twice"`,
        `k5,call.ended,${T(18)},north,n2,ck1,,,maybe,10,customer,,,`, // answered must be a boolean
        `k6,call.dialed,${T(18)},north,n2`, // too few cells
        `k7,call.weird,${T(18)},north,n2,ck7,human,,,,,,,`,
      ].join('\r\n'),
    );
    const summary = await importFile(file, { url: server.url, token: TOKENS.INGEST_TOKEN, batch: 100, quiet: true });
    expect(summary.rows).toBe(7);
    expect(summary.accepted).toBe(4);
    expect(summary.rejected.map((r) => r.line)).toEqual([6, 7, 8]);
    expect(summary.rejected[1]!.error).toContain('cells');
    expect(summary.rejected[2]!.error).toBe('type: unknown event type');
    const rates = await get(`${server.url}/api/v1/rates?scope=team:north&window=1h`);
    expect(rates.body.counts).toMatchObject({ dialed: 3, ended: 1, effective: 1, sales: 1, talkSeconds: 75.5 });
  });

  it('reads a spreadsheet export: UTF-8 BOM, `;` as the delimiter, quoted cells with line breaks and escaped quotes', async () => {
    const file = path.join(dir, 'export-semicolon.csv');
    // As a European-locale spreadsheet saves it: a BOM, `;` (the decimal comma takes `,`), CRLF, a note over two lines.
    writeFileSync(
      file,
      '\uFEFF' +
        [
          'id;type;ts;teamId;agentId;callId;channel;message',
          `s1;call.dialed;${T(15)};north;n3;cs1;human;`,
          `s2;help.requested;${T(14)};north;n3;;;"Customer says: ""call me back"";\r\nafter 18:00, please"`,
          `s3;call.dialed;${T(13)};north;n3;cs3;fax;`, // line 5: the note above spans lines 3–4
          `s4;call.dialed;${T(12)};north;n3;cs4;human;`,
        ].join('\r\n') +
        '\r\n',
    );
    const summary = await importFile(file, { url: server.url, token: TOKENS.INGEST_TOKEN, batch: 100, quiet: true });
    expect(summary).toEqual({ rows: 4, accepted: 3, duplicates: 0, rejected: [{ line: 5, error: expect.stringMatching(/^channel: /) }] });
    const stored = await (
      await server.store.client.query({ query: "SELECT message FROM call_events WHERE id = 's2'", format: 'JSONEachRow' })
    ).json<{ message: string }>();
    expect(stored).toEqual([{ message: 'Customer says: "call me back";\r\nafter 18:00, please' }]);
    const rates = await get(`${server.url}/api/v1/rates?scope=agent:n3&window=1h`);
    expect(rates.body.counts).toMatchObject({ dialed: 2 });
  });

  it('stops at a quoted cell that never closes: the rows before it are stored, that line is reported', async () => {
    const file = path.join(dir, 'unclosed.csv');
    writeFileSync(
      file,
      [
        'id,type,ts,teamId,agentId,message',
        `u1,help.requested,${T(11)},north,n4,fine`,
        `u2,help.requested,${T(10)},north,n4,"never closed`,
        `u3,help.requested,${T(9)},north,n4,swallowed`,
      ].join('\n'),
    );
    const summary = await importFile(file, { url: server.url, token: TOKENS.INGEST_TOKEN, batch: 100, quiet: true });
    expect(summary).toEqual({
      rows: 2,
      accepted: 1,
      duplicates: 0,
      rejected: [{ line: 3, error: 'a quoted cell does not close: this row and the rest of the file were not imported' }],
    });
  });

  it('the CLI prints the summary and exits 1 when a row was rejected', async () => {
    // Asynchronous: the server answering the CLI runs in this very process.
    const res = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'tools/import.ts', path.join(dir, 'history.ndjson'), '--url', server.url, '--token', TOKENS.INGEST_TOKEN],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    ).then(
      (r) => ({ status: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => ({ status: e.code, stdout: e.stdout, stderr: e.stderr }),
    );
    expect(res.status).toBe(1);
    // Everything was imported already: re-running is safe, every valid row is a duplicate.
    expect(res.stdout).toContain('7 rows: 0 accepted, 4 duplicate, 3 rejected');
    expect(res.stdout).toContain('line 5: ts: ');
    expect(res.stdout + res.stderr).not.toContain('13900002222');
  });
});
