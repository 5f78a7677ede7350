import { z } from 'zod';
import { timestamp, wellFormedText } from './events.js';
import { isoTime } from './time.js';

/** The rules FloorPulse checks itself, on the stream and before a dial (docs/rules.md, "Live compliance"). */
export const DIAL_RULES = ['outside_hours', 'frequency_cap', 'no_consent'] as const;
export type DialRule = (typeof DIAL_RULES)[number];

/** POST /api/v1/compliance/check (the ingest token: a dialer asks before it dials). */
export interface ComplianceCheckRequest {
  teamId: string;
  agentId: string;
  /** Clear-text, as a dial's `phone`: read in PHONE_REGION, hashed at once, never stored, logged or answered. */
  phone: string;
  /** Epoch ms (ISO-8601 accepted on the wire); absent: no consent known. */
  consentExpiresAt?: number | undefined;
  /** When the dial would be made, epoch ms (ISO-8601 accepted); absent: now. */
  at?: number | undefined;
}
const id = wellFormedText(64).min(1, 'must not be empty');
export const complianceCheckRequestSchema = z.strictObject({
  teamId: id,
  agentId: id,
  phone: wellFormedText(64).min(1, 'must not be empty'),
  consentExpiresAt: timestamp.optional(),
  at: timestamp.optional(),
}) satisfies z.ZodType<ComplianceCheckRequest, unknown>;

export interface ComplianceCheckAnswer {
  /** false when any rule would flag the dial: it would be a violation-severity compliance.flag. */
  allow: boolean;
  /** The rules the dial would break, in DIAL_RULES order; empty when allowed. */
  reasons: DialRule[];
  /** The time checked, ISO-8601 UTC. */
  at: string;
  /** The team's zone the calling hours were read in (TEAM_TZ, else FLOOR_TZ). */
  zone: string;
  /** Dials of this phone already stored in the 24 h up to `at`, and the cap (FREQUENCY_CAP). */
  dialsIn24h: number;
  frequencyCap: number;
}
export const complianceCheckAnswerSchema = z.object({
  allow: z.boolean(),
  reasons: z.array(z.enum(DIAL_RULES)),
  at: isoTime,
  zone: z.string(),
  dialsIn24h: z.number().int().min(0),
  frequencyCap: z.number().int().min(1),
}) satisfies z.ZodType<ComplianceCheckAnswer, unknown>;
