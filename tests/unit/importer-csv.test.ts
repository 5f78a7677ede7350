import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CsvReadError, csvRecords, detectDelimiter } from '../../tools/importer/csv-records.js';
import { csvRow } from '../../tools/importer/rows.js';
import { tempDataDir } from '../helpers/server.js';

const dir = tempDataDir('importer-csv');
let n = 0;
async function read(text: string): Promise<{ line: number; cells: string[] }[]> {
  const file = path.join(dir, `f${++n}.csv`);
  writeFileSync(file, text);
  const out: { line: number; cells: string[] }[] = [];
  for await (const r of csvRecords(file)) out.push({ line: r.line, cells: r.cells });
  return out;
}

describe('the importer reads CSV with a real parser', () => {
  it('skips a UTF-8 BOM: the first header is "id", not "\\uFEFFid"', async () => {
    expect(await read('\uFEFFid,type\r\na,call.dialed\r\n')).toEqual([
      { line: 1, cells: ['id', 'type'] },
      { line: 2, cells: ['a', 'call.dialed'] },
    ]);
  });

  it('keeps line breaks and escaped quotes inside quoted cells, and numbers records by the line they start on', async () => {
    // LF records with a CRLF inside one cell (a note typed on Windows): one line break, not two.
    const records = await read('id,message\n1,"two\nlines"\n2,"say ""hi"", twice"\n\n3,"crlf\r\ninside"\n4,last');
    expect(records).toEqual([
      { line: 1, cells: ['id', 'message'] },
      { line: 2, cells: ['1', 'two\nlines'] },
      { line: 4, cells: ['2', 'say "hi", twice'] },
      { line: 6, cells: ['3', 'crlf\r\ninside'] },
      { line: 8, cells: ['4', 'last'] },
    ]);
  });

  it('counts lines the same in a CRLF file, as a spreadsheet saves it', async () => {
    expect((await read('id,message\r\n1,"two\r\nlines"\r\n\r\n2,x\r\n')).map((r) => r.line)).toEqual([1, 2, 5]);
  });

  it('takes `;` as the delimiter when the header line is separated by it', async () => {
    expect(await read('id;type;message\r\nx;help.requested;"a, b; c"\r\n')).toEqual([
      { line: 1, cells: ['id', 'type', 'message'] },
      { line: 2, cells: ['x', 'help.requested', 'a, b; c'] },
    ]);
    expect(detectDelimiter('id;type;ts')).toBe(';');
    expect(detectDelimiter('\uFEFFid,type,ts')).toBe(',');
    expect(detectDelimiter('id')).toBe(',');
  });

  it('stops at a quote that never closes, naming the line its record starts on', async () => {
    await expect(read('id,message\n1,ok\n2,"never closed\n3,x\n')).rejects.toThrow(CsvReadError);
    await expect(read('id,message\n1,ok\n2,"never closed\n3,x\n')).rejects.toMatchObject({ line: 3 });
  });

  it('a record becomes the event object, typed as the wire expects; a wrong cell count is named', () => {
    const header = ['id', 'type', 'ts', 'answered', 'talkSeconds', 'message'];
    expect(csvRow(header, ['e1', 'call.ended', '1700000000000', 'true', '75.5', 'two\nlines'], 3)).toEqual({
      line: 3,
      value: { id: 'e1', type: 'call.ended', ts: 1700000000000, answered: true, talkSeconds: 75.5, message: 'two\nlines' },
    });
    expect(csvRow(header, ['e1', 'call.ended'], 4)).toEqual({ line: 4, error: 'row has 2 cells, the header has 6' });
  });
});
