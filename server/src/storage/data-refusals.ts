import { ClickHouseError } from '@clickhouse/client';

/**
 * ClickHouse errors that mean "these rows cannot go into this table" while the store is up and would
 * take others: reading a value failed, or a value breaks the table's rules. Matched on the error's type
 * (its name; the code in the comment), with a reason of our own words: ClickHouse's message quotes the
 * row. Everything else — the network, a timeout, memory, a table that is missing (the store being
 * migrated or broken), a syntax error in our own SQL — is the store being unavailable, a 503 for
 * everyone. Not here on purpose: UNKNOWN_TYPE (50) and SYNTAX_ERROR (62) are our schema or SQL, not
 * the sender's data; CANNOT_ALLOCATE_MEMORY (173), TIMEOUT_EXCEEDED (159), POCO_EXCEPTION (1000) are load
 * and network.
 */
const DATA_REFUSALS: Readonly<Record<string, string>> = {
  CANNOT_PARSE_TEXT: 'a value it cannot read', // 6
  CANNOT_PARSE_ESCAPE_SEQUENCE: 'a string escape it cannot read', // 25
  CANNOT_PARSE_QUOTED_STRING: 'a string it cannot read', // 26
  CANNOT_PARSE_INPUT_ASSERTION_FAILED: 'a row it cannot read', // 27
  CANNOT_READ_ALL_DATA: 'a row that ends early', // 33
  CANNOT_PARSE_DATE: 'a date it cannot read', // 38
  CANNOT_PARSE_DATETIME: 'a time it cannot read', // 41
  TYPE_MISMATCH: 'a value of the wrong type', // 53
  ARGUMENT_OUT_OF_BOUND: 'a value out of bounds', // 69
  CANNOT_CONVERT_TYPE: 'a value it cannot convert', // 70
  CANNOT_PARSE_NUMBER: 'a number it cannot read', // 72
  INCORRECT_DATA: 'incorrect data', // 117
  TOO_LARGE_STRING_SIZE: 'a string too long', // 131
  VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE: 'a value out of range of its column', // 321
  CANNOT_INSERT_NULL_IN_ORDINARY_COLUMN: 'a null in a column that takes none', // 349
  CANNOT_PARSE_BOOL: 'a boolean it cannot read', // 467
  VIOLATED_CONSTRAINT: 'a value breaks a constraint of the table', // 469
};

/** The safe reason when ClickHouse refused the data itself ("a value … (VIOLATED_CONSTRAINT)"), else null. */
export function dataRefusal(error: unknown): string | null {
  if (!(error instanceof ClickHouseError) || error.type === undefined) return null;
  const reason = DATA_REFUSALS[error.type];
  return reason === undefined ? null : `${reason} (${error.type})`;
}
