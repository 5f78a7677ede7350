import type { SchedulerLike } from 'rxjs';

/** What one POST /api/v1/events came to. */
export type PostOutcome =
  /** Stored (or, for the rejected items, refused one by one): acknowledge the whole batch. */
  | { kind: 'stored'; accepted: number; duplicates: number; rejected: { index: number; error: string }[] }
  /** Nothing was stored (503, 5xx, 429, refused connection, time-out, or a token FloorPulse refused): send it again. */
  | { kind: 'retry'; status: number; error: string; auth: boolean }
  /** 413: the body is too large for the server; send it in smaller batches. */
  | { kind: 'too-large' }
  /** Another 4xx: the batch itself is wrong and a retry cannot fix it; it is counted as rejected and logged. */
  | { kind: 'refused'; status: number; error: string };

/**
 * Posts NDJSON batches to FloorPulse's ingest API with the ingest token. At-least-once: anything but a
 * stored answer is sent again by the caller, and FloorPulse counts a re-sent id once (README "Sending
 * events": duplicate ids are counted once). The request time-out is scheduled on the injected scheduler.
 */
export class IngestClient {
  constructor(private readonly o: { url: string; token: string; scheduler: SchedulerLike; timeoutMs?: number; fetch?: typeof fetch }) {}

  async post(lines: readonly string[]): Promise<PostOutcome> {
    const abort = new AbortController();
    // 30 s: a group commit answers in milliseconds; a silent server is as good as down.
    const timer = this.o.scheduler.schedule(() => abort.abort(), this.o.timeoutMs ?? 30_000);
    try {
      const res = await (this.o.fetch ?? fetch)(new URL('/api/v1/events', this.o.url), {
        method: 'POST',
        headers: { authorization: `Bearer ${this.o.token}`, 'content-type': 'application/x-ndjson' },
        body: lines.join('\n'),
        signal: abort.signal,
      });
      const text = await res.text();
      const body = parseJson(text);
      if (res.status === 200 || (res.status === 400 && Array.isArray(body?.rejected))) {
        return {
          kind: 'stored',
          accepted: Number(body?.accepted ?? 0),
          duplicates: Number(body?.duplicates ?? 0),
          rejected: (body?.rejected as { index: number; error: string }[]) ?? [],
        };
      }
      if (res.status === 413) return { kind: 'too-large' };
      const error = `${res.status} ${typeof body?.error === 'string' ? body.error : text.slice(0, 200)}`;
      if (res.status === 401 || res.status === 403) return { kind: 'retry', status: res.status, error, auth: true };
      if (res.status === 429 || res.status >= 500) return { kind: 'retry', status: res.status, error, auth: false };
      return { kind: 'refused', status: res.status, error };
    } catch (e) {
      return { kind: 'retry', status: 0, error: abort.signal.aborted ? 'no answer in time' : errorText(e), auth: false };
    } finally {
      timer.unsubscribe();
    }
  }
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** fetch's "fetch failed" hides the reason (ECONNREFUSED, …) in its cause. */
function errorText(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const cause = (e as Error & { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? e.message;
}
