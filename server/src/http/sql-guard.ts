/** Thrown for a statement the SQL box refuses; the message is safe to show (HTTP 400). */
export class RefusedSqlError extends Error {}

/** The statements the analyst box allows (issue 5 §3): reading only. */
const ALLOWED = ['SELECT', 'WITH', 'SHOW', 'DESCRIBE', 'DESC', 'EXPLAIN'] as const;

/**
 * Functions that reach outside the database. ClickHouse's `readonly` does NOT stop them (checked on
 * chDB 26.7: `SELECT * FROM file('/etc/hostname', ...)` runs in readonly mode), and they would read
 * the secrets file or call the network, so they are refused by name (table functions and the
 * scalar `file()` share names).
 */
const OUTSIDE = [
  'file', 'url', 's3', 's3Cluster', 'gcs', 'hdfs', 'hdfsCluster', 'azureBlobStorage', 'remote', 'remoteSecure',
  'cluster', 'clusterAllReplicas', 'mysql', 'postgresql', 'sqlite', 'odbc', 'jdbc', 'mongodb', 'redis', 'executable',
  'input', 'fileCluster', 'urlCluster', 'iceberg', 'deltaLake', 'hudi', 'dictionary', 'loop', 'python', 'arrowFlight',
  'ytsaurus', 'merge',
];
const OUTSIDE_RE = new RegExp(`\\b(${OUTSIDE.join('|')})\\s*\\(`, 'i');

/** The statement without comments and string contents (so keywords inside strings do not count). */
function skeleton(sql: string): string {
  return sql
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/'(?:[^'\\]|\\.|'')*'/g, "''")
    // Quoted identifiers are identifiers: `file`( is file(.
    .replace(/[`"]/g, '');
}

export interface CheckedSql {
  /** The statement to run, without a trailing semicolon. */
  sql: string;
  kind: (typeof ALLOWED)[number];
  /** For SELECT/WITH and EXPLAIN <select>: the query whose columns are checked for phone_hash. */
  select: string | null;
}

/**
 * Text checks before anything reaches ClickHouse: one statement, an allowed verb, no SETTINGS (it
 * could lift the row and time limits), no function that reaches outside the database, and no
 * mention of phone_hash. The resolved query tree is checked too (see readonly-sql.ts): `*` and
 * COLUMNS('…') can read phone_hash without naming it.
 */
export function checkSql(input: string): CheckedSql {
  const sql = input.trim().replace(/;\s*$/, '').trim();
  if (sql.length === 0) throw new RefusedSqlError('sql: is empty');
  if (sql.length > 20_000) throw new RefusedSqlError('sql: at most 20000 characters');
  const bare = skeleton(sql);
  if (bare.includes(';')) throw new RefusedSqlError('sql: one statement at a time');
  const verb = (/^\s*\(*\s*([A-Za-z]+)/.exec(bare)?.[1] ?? '').toUpperCase();
  const kind = ALLOWED.find((k) => k === verb);
  if (!kind) throw new RefusedSqlError('sql: only SELECT, WITH, SHOW, DESCRIBE and EXPLAIN are allowed');
  if (/\bSETTINGS\b/i.test(bare)) throw new RefusedSqlError('sql: SETTINGS cannot be changed here (row and time limits)');
  if (/\bINTO\s+OUTFILE\b/i.test(bare)) throw new RefusedSqlError('sql: INTO OUTFILE is not allowed');
  const outside = OUTSIDE_RE.exec(bare);
  if (outside) throw new RefusedSqlError(`sql: ${outside[1]}() reaches outside the database and is not allowed`);
  if (/phone_hash/i.test(bare)) throw new RefusedSqlError('sql: phone_hash is never sent to a browser; leave it out');
  let select: string | null = null;
  if (kind === 'SELECT' || kind === 'WITH') select = sql;
  else if (kind === 'EXPLAIN') {
    // EXPLAIN QUERY TREE runs scalar subqueries to fold them: check its query like a SELECT.
    const at = /\b(SELECT|WITH)\b/i.exec(sql);
    select = at ? sql.slice(at.index) : null;
  }
  return { sql, kind, select };
}
