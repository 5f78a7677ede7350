import { z } from 'zod';
import { type DisplayLink, displayLinkSchema } from './people.js';
import { REFUSALS, type Refusal, ROLES, type Role } from './roles.js';

/*
 * HTTP answers are contracts too (like the socket events): an interface and a zod schema checked
 * against it for every JSON answer a page reads, which the web parses before using
 * (web/src/lib/api.ts). Answers are z.object, not strict: the server may add a field without breaking
 * a page that is already open; every field a page reads is in the schema. This file holds the
 * answers that belong to no feature; the others sit with their feature (history.ts, rules.ts, goals.ts,
 * alerts.ts, rates.ts).
 */

export { isoTime } from './time.js';

/** Every refusal and failure of the API: the reason, naming the field where there is one ("scope: must be …"). */
export interface ErrorAnswer {
  error: string;
  /** On a 401: which kind of no (a switched-off display, an ended session), for the page to say so. */
  refusal?: Refusal | undefined;
}
export const errorAnswerSchema = z.object({
  error: z.string(),
  // Not an enum: a newer server's kind of no must not turn a refusal into "not JSON we know".
  refusal: z.enum(REFUSALS).optional().catch(undefined),
}) satisfies z.ZodType<ErrorAnswer, unknown>;

/** GET /api/v1/meta (viewer or higher): what a page needs to format times and which pages to offer. */
export interface MetaAnswer {
  /** The floor's IANA zone (FLOOR_TZ): every time is shown in it. */
  floorTz: string;
  version: string;
  /** The role of whoever asked. */
  role: Role;
  /** The simulated floor of `npm run demo`, labelled on every page. */
  demo: boolean;
  /** Who asked: a token (`by` is its role), a signed-in person, or a display. */
  who: {
    kind: 'token' | 'person' | 'display';
    by: string;
    name: string;
    login?: string | undefined;
    teams?: string[] | undefined;
    agentId?: string | undefined;
  };
  /** A display's own link: what its wall shows (scope, rotation, language). */
  display?: DisplayLink | undefined;
  /** The floor's configured targets (green at or above `good`, amber down to `warn`): config CONVERSION_*, HOT_LEAD_CONVERSION_*. */
  targets: FloorTargets;
  /** ISO 4217 code of sale amounts (config CURRENCY): revenue is formatted in it per locale. */
  currency: string;
  /** The most of any minute celebrations may cover on a wall, as a share (config CELEBRATION_MINUTE_SHARE). */
  celebrationShare: number;
}
export interface FloorTargets {
  conversionRate: { good: number; warn: number };
  hotLeadConversion: { good: number; warn: number };
}
const target = z.object({ good: z.number().finite(), warn: z.number().finite() });
export const floorTargetsSchema = z.object({ conversionRate: target, hotLeadConversion: target }) satisfies z.ZodType<FloorTargets>;
export const metaAnswerSchema = z.object({
  floorTz: z.string().min(1),
  version: z.string(),
  role: z.enum(ROLES),
  demo: z.boolean(),
  who: z.object({
    kind: z.enum(['token', 'person', 'display']),
    by: z.string(),
    name: z.string(),
    login: z.string().optional(),
    teams: z.array(z.string()).optional(),
    agentId: z.string().optional(),
  }),
  display: displayLinkSchema.optional(),
  targets: floorTargetsSchema,
  currency: z.string().regex(/^[A-Z]{3}$/),
  celebrationShare: z.number().gt(0).max(1),
}) satisfies z.ZodType<MetaAnswer>;

/** POST /api/v1/sql {sql} (analyst or admin): the SQL box, run as the analysts' ClickHouse user. */
export interface SqlAnswer {
  /** The statement as it ran (trimmed). */
  sql: string;
  /** The limits in force for the statement, by ClickHouse setting name, as ClickHouse reports them. */
  limits: Record<string, string>;
  columns: { name: string; type: string }[];
  rows: unknown[][];
  /** null when ClickHouse gave no statistics. */
  elapsedMs: number | null;
  /** A row or size limit stopped the query: the rows are a prefix of the answer. */
  truncated: boolean;
}
export const sqlAnswerSchema = z.object({
  sql: z.string(),
  limits: z.record(z.string(), z.string()),
  columns: z.array(z.object({ name: z.string(), type: z.string() })),
  rows: z.array(z.array(z.unknown())),
  elapsedMs: z.number().nullable(),
  truncated: z.boolean(),
}) satisfies z.ZodType<SqlAnswer>;

/** GET /api/v1/calls/:callId/recording (supervisor or admin): the call's recording link, from its call.ended. */
export interface RecordingAnswer {
  callId: string;
  url: string;
}
export const recordingAnswerSchema = z.object({ callId: z.string(), url: z.string() }) satisfies z.ZodType<RecordingAnswer>;
