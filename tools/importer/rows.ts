/** One row of an import file: the event object, or why the row could not even be read. */
export type Row = { line: number; value: unknown } | { line: number; error: string };

/** Fields whose CSV text is a number or a boolean on the wire (everything else stays a string). */
const NUMBER_FIELDS = new Set(['talkSeconds', 'amount']);
const TIME_FIELDS = new Set(['ts', 'consentExpiresAt']);
const BOOLEAN_FIELDS = new Set(['answered']);

export function ndjsonRow(text: string, line: number): Row | null {
  if (text.trim() === '') return null;
  try {
    return { line, value: JSON.parse(text) as unknown };
  } catch {
    // The ingest API's own wording for the same problem.
    return { line, error: 'line is not valid JSON' };
  }
}

/**
 * A CSV record (its cells, read by csv-records.ts) as an event object: header names are the event's
 * field names (id, type, ts, teamId, …); empty cells are left out; numbers (a `.` decimal point, whatever
 * the delimiter) and booleans typed as the wire expects. Anything wrong (an unknown column, a bad time,
 * "75,5") is left for the server's validation, so both paths reject with the same words.
 */
export function csvRow(header: readonly string[], cells: readonly string[], line: number): Row {
  if (cells.length !== header.length) return { line, error: `row has ${cells.length} cells, the header has ${header.length}` };
  const value: Record<string, unknown> = {};
  header.forEach((name, i) => {
    const cell = cells[i]!;
    if (cell === '') return;
    if (TIME_FIELDS.has(name) && /^\d+$/.test(cell)) value[name] = Number(cell);
    else if (NUMBER_FIELDS.has(name) && cell.trim() !== '' && Number.isFinite(Number(cell))) value[name] = Number(cell);
    else if (BOOLEAN_FIELDS.has(name) && (cell === 'true' || cell === 'false')) value[name] = cell === 'true';
    else value[name] = cell;
  });
  return { line, value };
}
