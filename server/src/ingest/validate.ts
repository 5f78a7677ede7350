import { type CallEvent, callEvent, describeIssue } from '@floorpulse/shared';
import type { CountryCode } from 'libphonenumber-js/max';
import { type Phone, parsePhone, phonesInText } from './phone-number.js';

/** 5 min: a dialer's clock may run a little ahead; further in the future is a wrong clock (ingest contract). */
export const MAX_FUTURE_MS = 5 * 60_000;

const DAY = 86_400_000;

/** What the server's configuration adds to the contract's schema (config RETENTION_DAYS and PHONE_REGION). */
export interface ValidationRules {
  retentionDays: number;
  /** Where a number written without its country code is read (ISO 3166 alpha-2). */
  phoneRegion: CountryCode;
}

/** A valid event has a dial's phone in E.164; `phone` keeps how it was typed too (the old hashes: phone-hash.ts). */
export type Validated = { ok: true; event: CallEvent; phone?: Phone } | { ok: false; error: string };

/** Validates one item of a body; the error names the field and never quotes a phone number. */
export function validateEvent(value: unknown, now: number, rules: ValidationRules): Validated {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, error: 'event: must be a JSON object' };
  const parsed = callEvent.safeParse(value);
  if (!parsed.success) return { ok: false, error: describeIssue(parsed.error) };
  const event = parsed.data;
  if (event.ts > now + MAX_FUTURE_MS) return { ok: false, error: 'ts: is more than 5 minutes in the future' };
  // The table's TTL drops it at once (RETENTION_DAYS): acknowledging it would be a lie.
  if (event.ts <= now - rules.retentionDays * DAY)
    return { ok: false, error: `ts: is older than the retention (${rules.retentionDays} days)` };
  // Abandoned means answered and then dropped (docs/metrics.md): on an unanswered end it is a dialer's bug, not data.
  if (event.type === 'call.ended' && event.abandoned === true && !event.answered)
    return { ok: false, error: 'abandoned: only an answered call (answered: true) can be abandoned' };
  // A recording's link is opened as it is, so it cannot be masked: one that holds a phone number is refused.
  if (event.type === 'call.ended' && event.recordingUrl !== undefined && phonesInText(event.recordingUrl, rules.phoneRegion).length > 0)
    return { ok: false, error: 'recordingUrl: holds a phone number; send a link without one' };
  if (event.type !== 'call.dialed' || event.phone === undefined) return { ok: true, event };
  const phone = parsePhone(event.phone, rules.phoneRegion);
  if (!phone) return { ok: false, error: 'phone: is not a valid phone number' };
  return { ok: true, event: { ...event, phone: phone.e164 }, phone };
}
