import { z } from 'zod';

/** Event types a dialer, a robot line or a QA system may send. */
export const EVENT_TYPES = [
  'call.dialed',
  'call.answered',
  'call.ended',
  'call.outcome',
  'compliance.flag',
  'agent.state',
  'help.requested',
  'call.rated',
  'qa.scored',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export type Channel = 'human' | 'robot';
export type HangupBy = 'customer' | 'agent' | 'system';
export type Outcome = 'sale' | 'lead' | 'callback' | 'not_interested' | 'do_not_call';
export type Severity = 'reminder' | 'violation';
export type AgentState = 'available' | 'on_call' | 'wrap_up' | 'break' | 'offline';
/** Who answered, from the dialer's answering-machine detection (AMD): unknown when it could not tell. */
export type AnsweredBy = 'human' | 'machine' | 'unknown';
export const ANSWERED_BY = ['human', 'machine', 'unknown'] as const satisfies readonly AnsweredBy[];

interface Base {
  id: string;
  /** Event time, epoch milliseconds (the wire also accepts ISO-8601; it is normalised at the edge). */
  ts: number;
  teamId: string;
  agentId: string;
  campaignId?: string | undefined;
}
interface CallBase extends Base {
  callId: string;
  /** Optional on every call event but call.dialed, where it is required. */
  channel?: Channel | undefined;
  /**
   * A hot-lead follow-up: the robot call that screened the lead this call follows up (docs/metrics.md,
   * "Hot leads"). Sent on call.dialed only (the other call events' schemas refuse it); ingest stamps it
   * on every later event of the call, as it does the channel.
   */
  leadCallId?: string | undefined;
}
export interface CallDialed extends CallBase {
  type: 'call.dialed';
  channel: Channel;
  /** Clear-text phone: only on the wire. The server replaces it with phoneHash at the edge. */
  phone?: string | undefined;
  consentExpiresAt?: number | undefined;
}
export interface CallAnswered extends CallBase {
  type: 'call.answered';
  /** The AMD result, when the dialer ran AMD (docs/metrics.md, machineAnswered). */
  answeredBy?: AnsweredBy | undefined;
}
export interface CallEnded extends CallBase {
  type: 'call.ended';
  answered: boolean;
  talkSeconds: number;
  hangupBy: HangupBy;
  /**
   * An answered call dropped before an agent or a robot took it (a predictive dialer's over-dial): only
   * with answered: true (docs/metrics.md, abandoned).
   */
  abandoned?: boolean | undefined;
  /**
   * Where the dialer keeps the call's recording (http or https). Supervisors open it from an alert card;
   * it never reaches a wall, a log or an analyst (docs/data-model.md, recording_url).
   */
  recordingUrl?: string | undefined;
}
export interface CallOutcome extends CallBase {
  type: 'call.outcome';
  outcome: Outcome;
  amount?: number | undefined;
}
export interface ComplianceFlag extends CallBase {
  type: 'compliance.flag';
  rule: string;
  severity: Severity;
}
/** The customer's satisfaction with a call, 1 (poor) to 5 (very good), from a post-call survey. */
export interface CallRated extends CallBase {
  type: 'call.rated';
  satisfaction: number;
}
/** A QA reviewer's (or QA system's) scores of a call, 0–100 per item (docs/metrics.md, "Satisfaction and QA"). */
export interface QaScored extends CallBase {
  type: 'qa.scored';
  scriptAccuracy: number;
  needsDiscovery: number;
  attitude: number;
}
export interface AgentStateEvent extends Base {
  type: 'agent.state';
  state: AgentState;
  /** The dialer's own reason for the state, as it names it (a pause code: LUNCH, TRAINING). */
  reason?: string | undefined;
}
export interface HelpRequested extends Base {
  type: 'help.requested';
  message?: string | undefined;
}
export type CallEvent =
  | CallDialed
  | CallAnswered
  | CallEnded
  | CallOutcome
  | ComplianceFlag
  | AgentStateEvent
  | HelpRequested
  | CallRated
  | QaScored;

/** An event as stored and as it flows through the pipeline: no clear phone, a hash instead. */
export type StoredEvent = (Exclude<CallEvent, CallDialed> | (Omit<CallDialed, 'phone'> & { phoneHash?: string | undefined })) & {
  /** True for flags FloorPulse derived itself (outside_hours, frequency_cap, no_consent). */
  derived?: boolean | undefined;
};

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
/** Events far outside this range are typos, not history (year 2000 to 2100). */
const MIN_TS = Date.UTC(2000, 0, 1);
const MAX_TS = Date.UTC(2100, 0, 1);

/** ISO-8601 with Z or an offset, or epoch milliseconds → epoch ms. */
export const timestamp = z
  .union([z.number().int().finite(), z.string().regex(ISO_WITH_ZONE, 'must be ISO-8601 with Z or an offset, or epoch milliseconds')])
  .transform((v, ctx) => {
    const ms = typeof v === 'number' ? v : Date.parse(v);
    if (!Number.isFinite(ms) || ms < MIN_TS || ms >= MAX_TS) {
      ctx.addIssue({ code: 'custom', message: 'is not a valid time between 2000 and 2100' });
      return z.NEVER;
    }
    return ms;
  });

/**
 * String.prototype.isWellFormed (ES2024; Node 20, current browsers), typed here because the projects
 * compile against the ES2022 lib.
 */
const isWellFormed = (s: string): boolean => (s as string & { isWellFormed(): boolean }).isWellFormed();

/**
 * A string of the event contract: well-formed UTF-16, i.e. no lone surrogate. Why every string field:
 * a lone surrogate has no UTF-8 form. JSON carries it as an escape ("\ud800x"); ClickHouse refuses a
 * lone high one for the whole insert (CANNOT_PARSE_ESCAPE_SEQUENCE: one request made 20 others 503) and
 * stores a lone low one as invalid UTF-8 bytes (its id then never matches again: a re-send after a
 * restart was stored twice). A NUL byte is well-formed Unicode and ClickHouse's String holds any byte:
 * accepted, and stored as sent (tests/integration/torture-fuzz.test.ts).
 */
export const wellFormedText = (max: number) =>
  z.string().max(max, `must be at most ${max} characters`).refine(isWellFormed, 'is not well-formed Unicode');

const id = (max: number) => wellFormedText(max).min(1, 'must not be empty');

/** Ids FloorPulse gives its own derived flags (flag-deriver.ts derivedFlagId): a client id there could shadow one. */
export const RESERVED_ID_PREFIX = 'fp:';

const base = {
  // A client event with a derived flag's id would be taken for that flag's duplicate, and the flag dropped.
  id: id(128).refine((s) => !s.startsWith(RESERVED_ID_PREFIX), `the ${RESERVED_ID_PREFIX} prefix is reserved for FloorPulse's own flags`),
  ts: timestamp,
  teamId: id(64),
  agentId: id(64),
  campaignId: id(64).optional(),
};
const channel = z.enum(['human', 'robot']);
const callBase = { ...base, callId: id(128), channel: channel.optional() };

export const callDialed = z.strictObject({
  ...callBase,
  type: z.literal('call.dialed'),
  channel,
  /** Checked as a phone number, and normalised to E.164, at the server's edge (server/src/ingest/validate.ts). */
  phone: wellFormedText(64).min(1, 'must not be empty').optional(),
  consentExpiresAt: timestamp.optional(),
  leadCallId: id(128).optional(),
});
export const callAnswered = z.strictObject({
  ...callBase,
  type: z.literal('call.answered'),
  answeredBy: z.enum(ANSWERED_BY, { message: 'must be human, machine or unknown' }).optional(),
});
export const callEnded = z.strictObject({
  ...callBase,
  type: z.literal('call.ended'),
  answered: z.boolean(),
  talkSeconds: z.number().finite().min(0).max(86_400),
  hangupBy: z.enum(['customer', 'agent', 'system']),
  abandoned: z.boolean().optional(),
  // A link, nothing else: http(s) only (no javascript: or data: for a supervisor to click), at most 2 KB.
  recordingUrl: z
    .string()
    .max(2048)
    .refine((u) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol), 'must be an http or https URL')
    .optional(),
});
export const callOutcome = z.strictObject({
  ...callBase,
  type: z.literal('call.outcome'),
  outcome: z.enum(['sale', 'lead', 'callback', 'not_interested', 'do_not_call']),
  amount: z.number().finite().min(0).optional(),
});
export const complianceFlag = z.strictObject({
  ...callBase,
  type: z.literal('compliance.flag'),
  rule: id(64),
  severity: z.enum(['reminder', 'violation']),
});
/** Whole numbers only: a survey's 1–5 and a QA sheet's 0–100 have no fractions, and the live sums stay exact integers. */
// A refine, not .int(): zod reports .int() as an invalid type without the input, which reads as "is required".
const wholeScore = (min: number, max: number) =>
  z
    .number()
    .min(min, `must be from ${min} to ${max}`)
    .max(max, `must be from ${min} to ${max}`)
    .refine(Number.isInteger, `must be a whole number from ${min} to ${max}`);
export const callRated = z.strictObject({ ...callBase, type: z.literal('call.rated'), satisfaction: wholeScore(1, 5) });
export const qaScored = z.strictObject({
  ...callBase,
  type: z.literal('qa.scored'),
  scriptAccuracy: wholeScore(0, 100),
  needsDiscovery: wholeScore(0, 100),
  attitude: wholeScore(0, 100),
});
export const agentState = z.strictObject({
  ...base,
  type: z.literal('agent.state'),
  state: z.enum(['available', 'on_call', 'wrap_up', 'break', 'offline']),
  reason: wellFormedText(64).min(1, 'must not be empty').optional(),
});
export const helpRequested = z.strictObject({
  ...base,
  type: z.literal('help.requested'),
  message: wellFormedText(500).optional(),
});

/** The wire schema of one event. The output has ts and consentExpiresAt as epoch ms. */
export const callEvent = z.discriminatedUnion('type', [
  callDialed,
  callAnswered,
  callEnded,
  callOutcome,
  complianceFlag,
  agentState,
  helpRequested,
  callRated,
  qaScored,
]) satisfies z.ZodType<CallEvent, unknown>;

/** The first problem of a failed parse, as "field: message" (names the field, as the ingest contract asks). */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid event';
  const path = issue.path.map(String).join('.');
  if (issue.code === 'invalid_union' && path === 'type') return 'type: unknown event type';
  if (issue.code === 'unrecognized_keys') return `${issue.keys.join(', ')}: unknown field`;
  if (issue.code === 'invalid_type' && issue.input === undefined) return `${path || 'event'}: is required`;
  return `${path || 'event'}: ${issue.message}`;
}
