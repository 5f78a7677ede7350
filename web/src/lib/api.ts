import { errorAnswerSchema } from '@floorpulse/shared';
import type { z } from 'zod';
import { token } from './auth';

/** A failed API call, with the server's own message (e.g. "sql: only SELECT … are allowed") and its whole answer. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The refusal's JSON: some carry more than `error` (an import's rejected rows). */
    readonly answer: unknown = null,
  ) {
    super(message);
  }
}

/**
 * The server answered 2xx with something its contract in shared/ does not describe (another version, a
 * proxy's page): not shown as data. `field` is where the answer first differs ("points.0.counts.dialed").
 */
export class UnexpectedAnswerError extends Error {
  constructor(
    readonly path: string,
    readonly field: string,
    detail: string,
  ) {
    super(`${path}: the answer does not match its contract at ${field}: ${detail}`);
  }
}

const NOT_JSON = Symbol('not JSON');

/**
 * JSON over HTTP with the stored token, parsed with the answer's schema from shared/ (the one place the
 * web reads an HTTP answer). A non-2xx answer throws ApiError with the server's `error`; a 2xx answer of
 * another shape throws UnexpectedAnswerError naming the path and the field. Never a fake value.
 */
export async function api<S extends z.ZodType>(
  path: string,
  schema: S,
  init: { method?: string; body?: unknown; signal?: AbortSignal; contentType?: string } = {},
): Promise<z.output<S>> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token.value) headers.authorization = `Bearer ${token.value}`;
  // `contentType`: a body sent as the text it is (a CSV import), not as JSON.
  if (init.body !== undefined) headers['content-type'] = init.contentType ?? 'application/json';
  const res = await fetch(path, {
    method,
    headers,
    body: init.body === undefined ? null : init.contentType ? String(init.body) : JSON.stringify(init.body),
    ...(init.signal ? { signal: init.signal } : {}),
  });
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = NOT_JSON;
  }
  if (!res.ok) {
    const refusal = errorAnswerSchema.safeParse(data);
    throw new ApiError(res.status, refusal.success ? refusal.data.error : `HTTP ${res.status}`, data === NOT_JSON ? null : data);
  }
  const where = `${method} ${path}`;
  if (data === NOT_JSON) throw new UnexpectedAnswerError(where, 'the answer', 'it is not JSON');
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : 'the answer';
    throw new UnexpectedAnswerError(where, field, issue?.message ?? 'invalid');
  }
  return parsed.data;
}

export function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
