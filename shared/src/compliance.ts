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

/** Pre-dial checks counted (docs/metrics.md, "Dials stopped by the pre-dial check"). */
export interface DialCheckTally {
  checks: number;
  allowed: number;
  refused: number;
  /** Refused checks by the rule they broke: a check refused for two rules counts once in each. */
  byReason: Record<DialRule, number>;
}
const count = z.number().int().min(0);
export const dialCheckTallySchema = z.object({
  checks: count,
  allowed: count,
  refused: count,
  byReason: z.object({ outside_hours: count, frequency_cap: count, no_consent: count }),
}) satisfies z.ZodType<DialCheckTally>;

/**
 * GET /api/v1/compliance/checks?day=YYYY-MM-DD&team= (supervisor): the floor-local day's pre-dial checks.
 * Every number is the SQL's rows (stored in ClickHouse) plus `pending` (counted by this process, not yet
 * written: at most `flushSeconds` old). No check asked in the window: `total` is null, never zeros.
 */
export interface DialChecksAnswer {
  tz: string;
  day: string;
  from: string;
  to: string;
  /** The team asked for; '' is the whole floor. */
  team: string;
  /** When the answer was read, ISO-8601 UTC. */
  asOf: string;
  flushSeconds: number;
  total: DialCheckTally | null;
  /** Per team, stored plus pending, with the roster's name (the id when the roster has none). */
  byTeam: (DialCheckTally & { teamId: string; name: string })[];
  /** What this process counted and has not yet written; already inside `total` and `byTeam`. */
  pending: DialCheckTally;
  sql: string;
  params: Record<string, string | number>;
}
export const dialChecksAnswerSchema = z.object({
  tz: z.string(),
  day: z.string(),
  from: isoTime,
  to: isoTime,
  team: z.string(),
  asOf: isoTime,
  flushSeconds: z.number().positive(),
  total: dialCheckTallySchema.nullable(),
  byTeam: z.array(dialCheckTallySchema.extend({ teamId: z.string(), name: z.string() })),
  pending: dialCheckTallySchema,
  sql: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
}) satisfies z.ZodType<DialChecksAnswer>;
