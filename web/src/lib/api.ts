import { errorAnswerSchema, type Refusal } from '@floorpulse/shared';
import type { z } from 'zod';
import { bearerCredential, refuse, session } from './auth';

/**
 * A failed API call, with the server's own message (e.g. "sql: only SELECT … are allowed"); on a 401,
 * which kind of no (`refusal`); on a 429, how long to wait (Retry-After); and the whole answer (some
 * carry more than `error`: an import's rejected rows).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly refusal?: Refusal,
    readonly retryAfterSeconds?: number,
    /** The refusal's JSON: some carry more than `error` (an import's rejected rows). */
    readonly answer: unknown = null,
  ) {
    super(message);
  }
}

/** Methods that change something: the server wants a person's CSRF token on each (server/src/http/require-role.ts). */
const CHANGES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

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
 * JSON over HTTP, parsed with the answer's schema from shared/ (the one place the web reads an HTTP
 * answer). It carries this page's credential (lib/auth.ts): a display secret or a machine token as
 * `Authorization: Bearer`, else the session cookie, with the session's `x-csrf-token` on every change.
 * A non-2xx answer throws ApiError with the server's `error`; a 401 that names a refusal also reports
 * it (App.vue says so: switched off, sign in again). A 2xx answer of another shape throws
 * UnexpectedAnswerError naming the path and the field. Never a fake value.
 */
export async function api<S extends z.ZodType>(
  path: string,
  schema: S,
  init: { method?: string; body?: unknown; signal?: AbortSignal; headers?: Record<string, string>; contentType?: string } = {},
): Promise<z.output<S>> {
  const method = init.method ?? 'GET';
  // Extra headers first (a caller's own); the credential and the session's CSRF token are this module's.
  const headers: Record<string, string> = { ...init.headers, accept: 'application/json' };
  const bearer = bearerCredential();
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  if (CHANGES.has(method) && session.value) headers['x-csrf-token'] = session.value.csrf;
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
    const answer = errorAnswerSchema.safeParse(data);
    const refusal = res.status === 401 && answer.success ? answer.data.refusal : undefined;
    if (refusal) refuse(refusal);
    const retryAfter = Number(res.headers.get('retry-after'));
    throw new ApiError(
      res.status,
      answer.success ? answer.data.error : `HTTP ${res.status}`,
      refusal,
      res.status === 429 && retryAfter > 0 ? retryAfter : undefined,
      data === NOT_JSON ? null : data,
    );
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
