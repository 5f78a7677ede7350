/** Thrown for a body that is not JSON or NDJSON at all: the whole request is a 400. */
export class BadBodyError extends Error {}

/** One item of a body: the parsed value, or why its line could not be parsed. */
export type BodyItem = { ok: true; value: unknown } | { ok: false; error: string };

/**
 * A single event, a JSON array of events, or NDJSON (one event a line). A bad NDJSON line is one
 * rejected item, not a rejected body: the valid lines around it still land.
 */
export function parseBody(text: string, contentType: string | undefined): BodyItem[] {
  const ndjson = /ndjson|jsonl|json-seq/i.test(contentType ?? '');
  if (!ndjson) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      // A JSON content type can still carry NDJSON from a careless client: accept it if every line is JSON.
      if (text.includes('\n')) return parseLines(text);
      throw new BadBodyError('body is not valid JSON or NDJSON');
    }
    if (Array.isArray(value)) return value.map((v) => ({ ok: true, value: v }));
    return [{ ok: true, value }];
  }
  return parseLines(text);
}

function parseLines(text: string): BodyItem[] {
  const items: BodyItem[] = [];
  let parsed = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      items.push({ ok: true, value: JSON.parse(line) });
      parsed++;
    } catch {
      items.push({ ok: false, error: 'line is not valid JSON' });
    }
  }
  if (parsed === 0) throw new BadBodyError('body is not valid JSON or NDJSON');
  return items;
}
