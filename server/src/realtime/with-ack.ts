import { type Ack, hasRole, type Need, type SafeError, type SocketData } from '@floorpulse/shared';
import type { ZodType } from 'zod';

/** A failure the handler means to show the client, already one of the allowlisted messages. */
export class SafeAckError extends Error {
  constructor(readonly safe: SafeError) {
    super(safe);
  }
}

/** A feature's own errors that a client may see, as their allowlisted message; null for any other. */
export type SafeErrorOf = (err: unknown) => SafeError | null;

export interface AckContext {
  data: SocketData;
}

/**
 * The one wrapper of every client → server event: checks the role, validates the payload with
 * zod, runs the handler and answers `{ ok, data }` or `{ ok: false, error }` from SAFE_ERRORS.
 * A client that sends no ack callback still gets the work done (unsubscribe's ack is optional).
 */
export function withAck<In, Out>(
  ctx: AckContext,
  opts: { schema: ZodType<In>; role: Need; onUnexpected: (err: unknown) => void; safeError?: SafeErrorOf },
  handler: (req: In) => Out | Promise<Out>,
): (req: unknown, ack?: (res: Ack<Out>) => void) => Promise<void> {
  return async (req, ack) => {
    const reply = typeof ack === 'function' ? ack : () => {};
    if (!hasRole(ctx.data.role, opts.role)) return reply({ ok: false, error: 'forbidden' });
    const parsed = opts.schema.safeParse(req);
    if (!parsed.success) return reply({ ok: false, error: 'invalid request' });
    try {
      reply({ ok: true, data: await handler(parsed.data) });
    } catch (err) {
      // Known errors → the allowlist; anything else is 'unavailable' and logged, never shown.
      const safe = err instanceof SafeAckError ? err.safe : (opts.safeError?.(err) ?? null);
      if (safe === null) opts.onUnexpected(err);
      reply({ ok: false, error: safe ?? 'unavailable' });
    }
  };
}
