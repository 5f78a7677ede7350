/**
 * npm run import -- history.ndjson|history.csv [--url http://localhost:3000 --token <ingest> --batch 5000]
 *
 * Backfills history through the public ingest API: the same validation, phone hashing, dedupe and
 * group-committed insert as live events, and the server may keep running. Prints a progress bar and
 * a summary; exits 1 if any row was rejected (the others are stored).
 */
import { createReadStream, statSync } from 'node:fs';
import readline from 'node:readline';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { CsvReadError, csvRecords } from './importer/csv-records.js';
import { progressBar } from './importer/progress.js';
import { csvRow, ndjsonRow, type Row } from './importer/rows.js';
import { parseInteger, runCli, tokenFor, UsageError } from './lib/cli.js';
import { postEvents } from './lib/http.js';

export interface ImportSummary {
  rows: number;
  accepted: number;
  duplicates: number;
  rejected: { line: number; error: string }[];
}

export async function importFile(
  file: string,
  opts: { url: string; token: string; batch: number; quiet?: boolean },
): Promise<ImportSummary> {
  const csv = /\.csv$/i.test(file);
  const size = statSync(file).size;
  const bar = opts.quiet ? null : progressBar(size);
  const summary: ImportSummary = { rows: 0, accepted: 0, duplicates: 0, rejected: [] };
  let header: string[] | null = null;
  let bytes = 0;
  let batch: { line: number; value: unknown }[] = [];

  const flush = async () => {
    if (batch.length === 0) return;
    const res = await postEvents(opts.url, opts.token, batch.map((r) => JSON.stringify(r.value)).join('\n'));
    summary.accepted += res.accepted;
    summary.duplicates += res.duplicates;
    for (const r of res.rejected) summary.rejected.push({ line: batch[r.index]?.line ?? 0, error: r.error });
    batch = [];
    bar?.update(bytes, summary.rows);
  };

  const take = async (row: Row) => {
    summary.rows++;
    if ('error' in row) summary.rejected.push({ line: row.line, error: row.error });
    else batch.push(row);
    if (batch.length >= opts.batch) await flush();
  };

  if (csv) {
    try {
      for await (const record of csvRecords(file)) {
        bytes = record.bytes;
        if (header === null) {
          header = record.cells.map((h) => h.trim());
          if (!header.includes('type'))
            throw new UsageError(`${file}: the first line must be a CSV header naming the event fields (id,type,ts,teamId,…)`);
          continue;
        }
        await take(csvRow(header, record.cells, record.line));
      }
    } catch (e) {
      if (!(e instanceof CsvReadError)) throw e;
      // Past an unclosed quote, where records start is a guess: stop there, keep what was read (a re-run is safe).
      await take({ line: e.line, error: `${e.message}: this row and the rest of the file were not imported` });
    }
  } else {
    let line = 0;
    for await (const text of readline.createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity })) {
      line++;
      bytes += Buffer.byteLength(text) + 1;
      const row = ndjsonRow(text, line);
      if (row) await take(row);
    }
  }
  await flush();
  bar?.update(size, summary.rows);
  bar?.end();
  summary.rejected.sort((a, b) => a.line - b.line);
  return summary;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      url: { type: 'string', default: 'http://localhost:3000' },
      token: { type: 'string' },
      'data-dir': { type: 'string', default: './data' },
      batch: { type: 'string' },
    },
  });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UsageError('usage: npm run import -- <file.ndjson|file.csv> [--url … --token …]');
  const summary = await importFile(file, {
    url: values.url,
    token: tokenFor('ingest', values.token, values['data-dir']),
    batch: parseInteger(values.batch, 'batch', 5000, 1, 50_000),
  });
  console.log(`${summary.rows} rows: ${summary.accepted} accepted, ${summary.duplicates} duplicate, ${summary.rejected.length} rejected`);
  for (const r of summary.rejected.slice(0, 20)) console.log(`  line ${r.line}: ${r.error}`);
  if (summary.rejected.length > 20) console.log(`  … and ${summary.rejected.length - 20} more`);
  return summary.rejected.length > 0 ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) runCli(main);
