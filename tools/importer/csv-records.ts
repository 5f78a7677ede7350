import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { CsvError, parse } from 'csv-parse';

/** The file cannot be read as CSV from `line` on (a quoted cell that never closes). */
export class CsvReadError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/** One CSV record: its cells, the line of the file it starts on, and how far into the file it ends. */
export interface CsvRecord {
  line: number;
  cells: string[];
  bytes: number;
}

/**
 * `,` or `;`, whichever separates the header line: spreadsheets in locales with a decimal comma save
 * CSV with `;`. The header names event fields, which contain neither, so the count cannot be fooled.
 */
export function detectDelimiter(headerLine: string): ',' | ';' {
  const count = (c: string) => headerLine.split(c).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

/** The file's first line, enough to see its delimiter (64 KiB: far longer than any header of event fields). */
function firstLine(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return (
      buf
        .subarray(0, n)
        .toString('utf8')
        .replace(/^\uFEFF/, '')
        .split(/\r\n|\r|\n/)[0] ?? ''
    );
  } finally {
    closeSync(fd);
  }
}

const breaks = (cells: readonly string[]) => cells.reduce((n, c) => n + (c.match(/\r\n|\r|\n/g)?.length ?? 0), 0);

/**
 * The records of a CSV file, the header first, read by csv-parse (RFC 4180): a UTF-8 BOM is skipped,
 * quoted cells keep their delimiters, line breaks and `""` quotes; a quote inside an unquoted cell is
 * kept as text (relax_quotes); rows may have any number of cells (the caller names a wrong count);
 * blank lines are skipped. Line numbers are counted from the cells' own line breaks, so a record is
 * named by the line it starts on, CRLF or LF. Throws CsvReadError where the file stops being CSV.
 */
export async function* csvRecords(file: string): AsyncGenerator<CsvRecord> {
  const parser = createReadStream(file).pipe(
    parse({
      bom: true,
      delimiter: detectDelimiter(firstLine(file)),
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: false,
      info: true,
    }),
  );
  let next = 1;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { bytes: number } }>) {
      const line = next;
      next += 1 + breaks(record);
      if (record.length === 1 && record[0]!.trim() === '') continue;
      yield { line, cells: record, bytes: info.bytes };
    }
  } catch (e) {
    if (e instanceof CsvError) throw new CsvReadError(next, e.code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quoted cell does not close' : e.message);
    throw e;
  } finally {
    parser.destroy();
  }
}
