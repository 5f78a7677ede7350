/*
 * CSV as FloorPulse writes it (RFC 4180), for the history page's exports and the roster's
 * (GET /api/v1/roster/export.csv): one writer, so every file a spreadsheet opens is guarded alike.
 */

/** What a spreadsheet takes as the start of a formula (OWASP "CSV Injection"): =, +, -, @, tab, carriage return. */
const FORMULA_START = /^[=+\-@\t\r]/;
/** Exactly a number ("-3.5", "+12", "1e-7"): a spreadsheet reads it as that number, never as a formula. */
const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * A string a spreadsheet would run as a formula (an agent name or a help message like `=HYPERLINK(…)`
 * comes from a dialer, the SQL box returns any text) is prefixed with `'`, which shows the text as text.
 * Numbers are not strings and stay numbers (-3.5); so does a string that is exactly a number, as
 * ClickHouse sends 64-bit integers ("-3").
 */
export function neutralised(s: string): string {
  return FORMULA_START.test(s) && !NUMBER_TEXT.test(s) ? `'${s}` : s;
}

/** The cell as it was before `neutralised`: what reading our own export back (the roster import) must give. */
export function unneutralised(s: string): string {
  return s.startsWith("'") && FORMULA_START.test(s.slice(1)) && !NUMBER_TEXT.test(s.slice(1)) ? s.slice(1) : s;
}

/** RFC 4180: quote a field when it holds a comma, a quote or a line break. */
function field(v: unknown): string {
  const s = v === null || v === undefined ? '' : typeof v === 'string' ? neutralised(v) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return `${[header, ...rows].map((r) => r.map(field).join(',')).join('\r\n')}\r\n`;
}
