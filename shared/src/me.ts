import { z } from 'zod';
import { wellFormedText } from './events.js';
import { type GoalProgress, goalProgressSchema } from './goals.js';
import { type MyPoints, myPointsSchema } from './points.js';
import { type RatesSnapshot, ratesSnapshotSchema } from './rates.js';
import { isoTime } from './time.js';

/*
 * The agent's own screen, /me (docs/people.md, "The agent's page"): GET /api/v1/me and its live twin
 * `me:update`, and the help request (POST/GET/DELETE /api/v1/me/help, live as `me:help`). There is no
 * agent parameter anywhere: the agent is the signed-in person's, always.
 */

/** A place in a ranking of people by sales today (the leaderboard's order); null: not on the floor today. */
export interface Rank {
  rank: number;
  of: number;
}
const rankSchema = z.object({ rank: z.number().int().min(1), of: z.number().int().min(1) }) satisfies z.ZodType<Rank>;

/** One of my goals over its current period, and whether I am on pace to meet it. */
export interface MyGoal extends GoalProgress {
  /** Where the value should be by now to meet the target on time (pro rata over the calling hours). */
  expected: number;
  /** Met, or at or above `expected`. */
  onPace: boolean;
}
const myGoalSchema = goalProgressSchema.extend({ expected: z.number(), onPace: z.boolean() }) satisfies z.ZodType<MyGoal, unknown>;

/** A card on /me, chosen by the rules in server/src/me/suggestions.json; worded in both languages. */
export interface Suggestion {
  id: string;
  /** tip: something to try; praise: recognition of a good day. */
  kind: 'tip' | 'praise';
  text: { en: string; 'zh-CN': string };
}
const suggestionSchema = z.object({
  id: z.string(),
  kind: z.enum(['tip', 'praise']),
  text: z.object({ en: z.string(), 'zh-CN': z.string() }),
}) satisfies z.ZodType<Suggestion>;

/** A celebration of mine today (the wall showed it): the screen words it by kind. */
export interface MyCelebration {
  id: string;
  /** `contest`: a contest this agent won (docs/rules.md, "Contests"). */
  kind: 'sale' | 'achievement' | 'milestone' | 'streak' | 'goal' | 'contest' | 'star';
  at: string;
}

/** GET /api/v1/me and `me:update`: my day, against my team's, as the wall's exact today window counts it. */
export interface MyShift {
  /** "HH:MM" as configured, in `zone`. */
  end: string;
  zone: string;
  /** Today's shift end as an instant, ISO-8601 UTC. */
  endsAt: string;
  over: boolean;
}
const myShiftSchema = z.object({ end: z.string(), zone: z.string(), endsAt: isoTime, over: z.boolean() }) satisfies z.ZodType<MyShift>;

export interface MeAnswer {
  agentId: string;
  /** null: the agent's team is not known yet (no event, not in the roster). */
  teamId: string | null;
  today: {
    /** The window reported: [from, to) of both snapshots (the wall's `today`). */
    from: string;
    to: string;
    mine: RatesSnapshot;
    /** My team's totals; null when the team is not known. */
    team: RatesSnapshot | null;
  };
  /** My own goals (goals of scope agent:<me>), day, week and month. */
  goals: MyGoal[];
  recognition: {
    /** Days in a row, up to today, on which every daily goal of mine was met; null: I have no daily goal. */
    streakDays: number | null;
    celebrations: MyCelebration[];
    /** By sales today, ties by effective calls (the wall's leaderboard order); people only. */
    rank: { team: Rank | null; floor: Rank | null };
  };
  /** At most two; none is a fine answer (never a nag on a good day). */
  suggestions: Suggestion[];
  /**
   * The team's shift today (roster `shiftEnd`, in the team's zone): after `endsAt` the page shows the
   * day's summary. null: no shift end configured for my team (or my team is not known).
   */
  shift?: MyShift | null | undefined;
  /** My points today and my last awards (docs/metrics.md, "Points"); absent: the server keeps no points. */
  points?: MyPoints | undefined;
}
export const meAnswerSchema = z.object({
  agentId: z.string(),
  teamId: z.string().nullable(),
  today: z.object({ from: isoTime, to: isoTime, mine: ratesSnapshotSchema, team: ratesSnapshotSchema.nullable() }),
  goals: z.array(myGoalSchema),
  recognition: z.object({
    streakDays: z.number().int().min(0).nullable(),
    celebrations: z.array(
      z.object({ id: z.string(), kind: z.enum(['sale', 'achievement', 'milestone', 'streak', 'goal', 'contest', 'star']), at: isoTime }),
    ),
    rank: z.object({ team: rankSchema.nullable(), floor: rankSchema.nullable() }),
  }),
  suggestions: z.array(suggestionSchema).max(2),
  shift: myShiftSchema.nullable().optional(),
  points: myPointsSchema.optional(),
}) satisfies z.ZodType<MeAnswer, unknown>;

/**
 * The reasons an agent can pick, worded for the supervisor's alert in the language of the agent's page
 * (the free text goes after it as typed).
 */
export const HELP_REASONS = {
  customer: { en: 'Difficult customer', 'zh-CN': '客户难以应对' },
  compliance: { en: 'Compliance question', 'zh-CN': '合规问题' },
  product: { en: 'Product or price question', 'zh-CN': '产品或价格问题' },
  system: { en: 'Phone or system problem', 'zh-CN': '电话或系统故障' },
} as const;
export type HelpReason = keyof typeof HELP_REASONS;
const HELP_REASON_CODES = Object.keys(HELP_REASONS) as [HelpReason, ...HelpReason[]];

/** 200 characters: a sentence for the supervisor, not a report (the event's message allows 500). */
export const HELP_TEXT_MAX = 200;

/** POST /api/v1/me/help. No agent field: the request is the signed-in agent's. */
export const helpRequestBody = z.strictObject({
  reason: z.enum(HELP_REASON_CODES, { message: `must be one of ${HELP_REASON_CODES.join(', ')}` }).optional(),
  text: wellFormedText(HELP_TEXT_MAX).trim().optional(),
  /** The language of the page: the picked reason is worded in it. */
  lang: z.enum(['en', 'zh-CN']).default('zh-CN'),
});
export type HelpRequestBody = z.input<typeof helpRequestBody>;

/** sent → acknowledged (a supervisor is coming) → resolved; or cancelled by the agent. */
export type HelpStatus = 'sent' | 'acknowledged' | 'resolved' | 'cancelled';

/** My help request as I see it: its alert's state, with the supervisor's name rather than their login. */
export interface HelpRequest {
  /** The help alert's id. */
  id: string;
  status: HelpStatus;
  /** What I picked or wrote, phone numbers masked. */
  message?: string | undefined;
  requestedAt: string;
  /** Who took it: a person's display name ("王主管"), null when acknowledged with a machine token. */
  ack?: { name: string | null; at: string } | undefined;
  /** The supervisor's note from the acknowledgement (or a later transition). */
  note?: string | undefined;
  closed?: { name: string | null; at: string } | undefined;
}
const byName = z.object({ name: z.string().nullable(), at: isoTime });
export const helpRequestSchema = z.object({
  id: z.string(),
  status: z.enum(['sent', 'acknowledged', 'resolved', 'cancelled']),
  message: z.string().optional(),
  requestedAt: isoTime,
  ack: byName.optional(),
  note: z.string().optional(),
  closed: byName.optional(),
}) satisfies z.ZodType<HelpRequest>;

/** GET/POST/DELETE /api/v1/me/help and `me:help`: my latest request of today, or none. */
export interface HelpAnswer {
  request: HelpRequest | null;
}
export const helpAnswerSchema = z.object({ request: helpRequestSchema.nullable() }) satisfies z.ZodType<HelpAnswer>;
