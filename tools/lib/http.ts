/** A response the tools could not use: the status and the server's error text. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface IngestResponse {
  accepted: number;
  duplicates: number;
  rejected: { index: number; error: string }[];
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * POSTs one NDJSON batch to /api/v1/events. Retries while the server is unreachable or answers 503
 * (storage down: nothing was accepted) — safe, because a re-sent id is counted as a duplicate.
 */
export async function postEvents(
  url: string,
  token: string,
  ndjson: string,
  opts: { retries?: number; signal?: AbortSignal } = {},
): Promise<IngestResponse> {
  const retries = opts.retries ?? 8;
  for (let attempt = 0; ; attempt++) {
    let status = 0;
    let text = '';
    try {
      const res = await fetch(new URL('/api/v1/events', url), {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
        body: ndjson,
        signal: opts.signal ?? null,
      });
      status = res.status;
      text = await res.text();
      if (status === 200) return JSON.parse(text) as IngestResponse;
      // 400 with the per-item list: not one event of the batch was valid; the list says why for each.
      if (status === 400) {
        const body = JSON.parse(text) as Partial<IngestResponse>;
        if (Array.isArray(body.rejected))
          return { accepted: body.accepted ?? 0, duplicates: body.duplicates ?? 0, rejected: body.rejected };
      }
    } catch (e) {
      if (opts.signal?.aborted) throw e;
      text = e instanceof Error ? e.message : String(e);
    }
    const retriable = status === 0 || status === 503 || status === 502 || status === 504;
    if (!retriable || attempt >= retries) throw new HttpError(status, `POST /api/v1/events: ${status || 'no answer'} ${errorText(text)}`);
    await sleep(Math.min(5000, 250 * 2 ** attempt));
  }
}

/**
 * Asks the pre-dial check about a dial (POST /api/v1/compliance/check) and returns whether it was allowed,
 * or null when it got no answer: a dialer that cannot ask goes on as it would have.
 */
export async function askDialCheck(
  url: string,
  token: string,
  q: { teamId: string; agentId: string; phone: string; consentExpiresAt?: number; at: number },
  signal?: AbortSignal,
): Promise<boolean | null> {
  try {
    const res = await fetch(new URL('/api/v1/compliance/check', url), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(q),
      signal: signal ?? null,
    });
    if (res.status !== 200) return null;
    return ((await res.json()) as { allow: boolean }).allow;
  } catch {
    return null;
  }
}

export async function getJson<T>(url: string, token: string): Promise<T> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const text = await res.text();
  if (res.status !== 200) throw new HttpError(res.status, `GET ${new URL(url).pathname}: ${res.status} ${errorText(text)}`);
  return JSON.parse(text) as T;
}

function errorText(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: string };
    return body.error ?? '';
  } catch {
    return text.slice(0, 200);
  }
}
