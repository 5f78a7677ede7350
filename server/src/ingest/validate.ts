import { callEvent, describeIssue, type CallEvent } from '@floorpulse/shared';

/** 5 min: a dialer's clock may run a little ahead; further in the future is a wrong clock (ingest contract). */
export const MAX_FUTURE_MS = 5 * 60_000;

export type Validated = { ok: true; event: CallEvent } | { ok: false; error: string };

/** Validates one item of a body; the error names the field. */
export function validateEvent(value: unknown, now: number): Validated {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, error: 'event: must be a JSON object' };
  const parsed = callEvent.safeParse(value);
  if (!parsed.success) return { ok: false, error: describeIssue(parsed.error) };
  if (parsed.data.ts > now + MAX_FUTURE_MS) return { ok: false, error: 'ts: is more than 5 minutes in the future' };
  return { ok: true, event: parsed.data };
}
