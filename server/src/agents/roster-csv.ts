import {
  ROSTER_CSV_COLUMNS,
  type RosterAgent,
  type RosterCsvColumn,
  type RosterTeam,
  rosterAgentSchema,
  rosterTeamSchema,
  unneutralised,
} from '@floorpulse/shared';
import { CsvError, parse } from 'csv-parse/sync';
import type { z } from 'zod';

/**
 * Reading the roster's CSV (its columns and its writer: shared/src/people.ts). An import needs kind, id
 * and name, and the columns its kinds use.
 */
type Column = RosterCsvColumn;
const ROSTER_COLUMNS = ROSTER_CSV_COLUMNS;

/** The file as a whole cannot be read (no header, an unknown column, a quote that never closes). HTTP → 400. */
export class RosterCsvError extends Error {}

export interface RosterRows {
  agents: RosterAgent[];
  teams: RosterTeam[];
  /** Each refused row: the line of the file it starts on, and the column at fault. */
  rejected: { line: number; error: string }[];
}

/** The schema's field → the column an admin sees in the file. */
const COLUMN_OF: Record<string, Column> = { teamId: 'team', timeZone: 'time_zone', active: 'status', shiftEnd: 'shift_end' };

/** `,` or `;`, whichever separates the header: spreadsheets in locales with a decimal comma save CSV with `;`. */
function delimiterOf(text: string): ',' | ';' {
  const header = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/, 1)[0] ?? '';
  return header.split(';').length > header.split(',').length ? ';' : ',';
}

const breaks = (cells: readonly string[]) => cells.reduce((n, c) => n + (c.match(/\r\n|\r|\n/g)?.length ?? 0), 0);

/**
 * Reads an import with csv-parse (RFC 4180: quoted cells keep commas, line breaks and `""`; a UTF-8 BOM
 * is skipped; blank lines are skipped; cells are trimmed). Every row is checked on its own: the valid
 * ones are returned to land, each invalid one is named by its line and column. A cell our export
 * guarded against formulas (`'=…`) reads back as it was, so an export imports unchanged.
 */
export function parseRosterCsv(text: string): RosterRows {
  let records: string[][];
  try {
    records = parse(text, { bom: true, delimiter: delimiterOf(text), relax_column_count: true, skip_empty_lines: false });
  } catch (e) {
    // The file stops being CSV (a quote that never closes): every row after it is in doubt, so none lands.
    if (e instanceof CsvError)
      throw new RosterCsvError(
        e.code === 'CSV_QUOTE_NOT_CLOSED' ? 'csv: a quoted cell does not close; nothing was imported' : `csv: ${e.message}`,
      );
    throw e;
  }
  // Lines counted here, from the cells' own line breaks: csv-parse's `info.lines` counts a CRLF inside
  // a quoted cell as two, and every later row would be named one line too far.
  const lines: { line: number; cells: string[] }[] = [];
  let next = 1;
  for (const cells of records) {
    const line = next;
    next += 1 + breaks(cells);
    if (cells.length === 1 && cells[0]!.trim() === '') continue;
    lines.push({ line, cells: cells.map((c) => c.trim()) });
  }
  const [head, ...rows] = lines;
  if (!head) throw new RosterCsvError('csv: the file is empty; its first line names the columns (kind,id,name,…)');
  const header = head.cells.map((c) => c.toLowerCase());
  for (const c of header)
    if (!(ROSTER_COLUMNS as readonly string[]).includes(c))
      throw new RosterCsvError(`csv: unknown column "${c}"; the columns are ${ROSTER_COLUMNS.join(', ')}`);
  for (const c of ['kind', 'id', 'name'] as const) if (!header.includes(c)) throw new RosterCsvError(`csv: the header has no ${c} column`);

  const out: RosterRows = { agents: [], teams: [], rejected: [] };
  const seen = new Map<string, number>();
  for (const { line, cells: record } of rows) {
    const reject = (error: string) => void out.rejected.push({ line, error });
    if (record.length > header.length) {
      reject(`the row has ${record.length} cells, the header ${header.length} columns`);
      continue;
    }
    const cell = (c: Column): string => {
      const i = header.indexOf(c);
      return i < 0 ? '' : unneutralised(record[i] ?? '');
    };
    const kind = cell('kind');
    if (kind !== 'agent' && kind !== 'team') {
      reject('kind: must be agent or team');
      continue;
    }
    const key = `${kind}|${cell('id')}`;
    const before = seen.get(key);
    if (before !== undefined) {
      reject(`id: ${kind} ${cell('id')} is on line ${before} already`);
      continue;
    }
    seen.set(key, line);
    if (kind === 'agent') {
      const status = cell('status') || 'active';
      if (status !== 'active' && status !== 'left') {
        reject('status: must be active or left');
        continue;
      }
      const parsed = rosterAgentSchema.safeParse({
        id: cell('id'),
        name: cell('name'),
        teamId: cell('team'),
        channel: cell('channel'),
        ...(cell('supervisor') ? { supervisor: cell('supervisor') } : {}),
        active: status === 'active',
      });
      if (parsed.success) out.agents.push(parsed.data);
      else reject(describe(parsed.error));
    } else {
      const parsed = rosterTeamSchema.safeParse({
        id: cell('id'),
        name: cell('name'),
        timeZone: cell('time_zone'),
        supervisors: cell('supervisors')
          .split(/[\s;,]+/)
          .filter(Boolean),
        // No shift_end column: the change leaves it out, and the stored one stays (roster.ts); an empty cell clears it.
        ...(header.includes('shift_end') ? { shiftEnd: cell('shift_end') } : {}),
      });
      if (parsed.success) out.teams.push(parsed.data);
      else reject(describe(parsed.error));
    }
  }
  return out;
}

/** The first issue, named by its column: "channel: must be human or robot". */
function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  const field = String(issue?.path[0] ?? 'row');
  const column = COLUMN_OF[field] ?? field;
  if (issue?.code === 'invalid_value' && column === 'channel') return 'channel: must be human or robot';
  return `${column}: ${issue?.message ?? 'invalid'}`;
}
