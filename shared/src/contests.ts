import { z } from 'zod';
import { wellFormedText } from './events.js';
import { isoTime } from './time.js';

/**
 * Contests (docs/rules.md, "Contests"): a time-boxed race over [from, to). `teams`: team against team;
 * `agents`: agent against agent of one team; `target`: the first participant (teams or agents) to reach
 * `target` wins.
 */
export const CONTEST_KINDS = ['teams', 'agents', 'target'] as const;
export type ContestKind = (typeof CONTEST_KINDS)[number];

/** Counts the pipeline already keeps (docs/metrics.md); a contest races on one of them. */
export const CONTEST_METRICS = ['sales', 'effective', 'revenue', 'hotLeadSales', 'answered'] as const;
export type ContestMetric = (typeof CONTEST_METRICS)[number];

export type ContestStatus = 'scheduled' | 'running' | 'decided' | 'cancelled';

/** team:<id> or agent:<id>, every participant of one contest of the same kind. */
export type ContestParticipant = `team:${string}` | `agent:${string}`;

export interface Contest {
  id: string;
  name: string;
  kind: ContestKind;
  metric: ContestMetric;
  /** ISO-8601 instants: [from, to), in the floor's zone on the screens. */
  from: string;
  to: string;
  /** The N of "first to N"; only for kind `target`. */
  target?: number | undefined;
  participants: ContestParticipant[];
  createdBy: string;
  createdAt: string;
  cancelledAt?: string | undefined;
  cancelledBy?: string | undefined;
}

/** One participant's standing: its value over the window, and when it reached the target (target races). */
export interface ContestStanding {
  participant: ContestParticipant;
  value: number;
  reachedAt?: string | undefined;
}

/** A decided contest's result: winners share a tie (docs/rules.md, "Contests — ties"); none when nobody scored. */
export interface ContestResult {
  decidedAt: string;
  /** The end of the counted window: `to`, or the instant the target was reached. */
  closedAt: string;
  winners: ContestParticipant[];
  standings: ContestStanding[];
}

/** A contest as the screens show it: its status now, the live standings, and its result once decided. */
export interface ContestBoard {
  contest: Contest;
  status: ContestStatus;
  standings: ContestStanding[];
  result?: ContestResult | undefined;
}

const participantSchema = z
  .string()
  .regex(/^(team|agent):[^\s]{1,64}$/, 'must be team:<id> or agent:<id>')
  .transform((s) => s as ContestParticipant);

/** POST /api/v1/contests: what a supervisor or an admin sends. */
export interface ContestRequest {
  name: string;
  kind: ContestKind;
  metric: ContestMetric;
  from: string;
  to: string;
  target?: number | undefined;
  participants: ContestParticipant[];
}
export const contestRequestSchema = z
  .object({
    name: wellFormedText(80).trim().min(1, 'must not be empty'),
    kind: z.enum(CONTEST_KINDS),
    metric: z.enum(CONTEST_METRICS),
    from: z.iso.datetime({ offset: true }),
    to: z.iso.datetime({ offset: true }),
    target: z.number().positive().max(1e9).optional(),
    participants: z.array(participantSchema).min(2, 'needs at least 2').max(20, 'at most 20'),
  })
  .strict() satisfies z.ZodType<ContestRequest, unknown>;

const contestSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(CONTEST_KINDS),
  metric: z.enum(CONTEST_METRICS),
  from: isoTime,
  to: isoTime,
  target: z.number().optional(),
  participants: z.array(participantSchema),
  createdBy: z.string(),
  createdAt: isoTime,
  cancelledAt: isoTime.optional(),
  cancelledBy: z.string().optional(),
}) satisfies z.ZodType<Contest, unknown>;
const standingSchema = z.object({
  participant: participantSchema,
  value: z.number(),
  reachedAt: isoTime.optional(),
}) satisfies z.ZodType<ContestStanding, unknown>;
const resultSchema = z.object({
  decidedAt: isoTime,
  closedAt: isoTime,
  winners: z.array(participantSchema),
  standings: z.array(standingSchema),
}) satisfies z.ZodType<ContestResult, unknown>;
export const contestBoardSchema = z.object({
  contest: contestSchema,
  status: z.enum(['scheduled', 'running', 'decided', 'cancelled']),
  standings: z.array(standingSchema),
  result: resultSchema.optional(),
}) satisfies z.ZodType<ContestBoard, unknown>;

/** GET /api/v1/contests (every contest, newest first), POST answers the one it stored. */
export interface ContestsAnswer {
  contests: ContestBoard[];
}
export const contestsAnswerSchema = z.object({ contests: z.array(contestBoardSchema) }) satisfies z.ZodType<ContestsAnswer, unknown>;
export interface ContestAnswer {
  contest: ContestBoard;
}
export const contestAnswerSchema = z.object({ contest: contestBoardSchema }) satisfies z.ZodType<ContestAnswer, unknown>;

/** GET /api/v1/contests/:id/sql (analyst and up): the result's SQL over the analysts' views, with its parameters. */
export interface ContestSqlAnswer {
  sql: string;
  params: Record<string, string | number | string[]>;
}
export const contestSqlAnswerSchema = z.object({
  sql: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string())])),
}) satisfies z.ZodType<ContestSqlAnswer, unknown>;

/** contests:subscribe / contests:unsubscribe: the floor's contests on a wall (no fields: every contest on the walls). */
export type ContestsRequest = Record<string, never>;
export const contestsSubscribeSchema = z.object({}).strict() satisfies z.ZodType<ContestsRequest, unknown>;
