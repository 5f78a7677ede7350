import { TABLES } from '../storage/tables.js';
import { CONTEST_STANDINGS_SQL, type ContestWindow, contestParams } from './contest-sql.js';

const quote = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function literal(v: string | number | boolean | string[], type: string): string {
  if (type === 'Identifier') return `\`${String(v).replace(/`/g, '')}\``;
  if (Array.isArray(v)) return `[${v.map(quote).join(', ')}]`;
  if (typeof v === 'string') return quote(v);
  return String(v);
}

/**
 * A contest result's SQL as an analyst pastes it into the SQL box (docs/rules.md, "Contests"): the server
 * runs the same text with bound parameters; here each value is written in as a quoted literal, for reading
 * and running on the analysts' view of call_events, never run by the server itself.
 */
export function contestSqlText(w: ContestWindow): { sql: string; params: Record<string, string | number | string[]> } {
  const params = contestParams(w, TABLES.events);
  const sql = CONTEST_STANDINGS_SQL.replace(/\{(\w+):([\w()]+)\}/g, (_m, name: string, type: string) => {
    const v = params[name];
    return v === undefined ? _m : literal(v, type);
  }).trim();
  const shown = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'boolean' ? String(v) : v]));
  return { sql, params: shown };
}
