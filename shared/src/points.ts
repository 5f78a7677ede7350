import { z } from 'zod';
import { isoTime } from './time.js';

/*
 * Points (docs/metrics.md, "Points"): what each achievement is worth is data an admin edits
 * (GET/PUT /api/v1/points/rules), and every award is a row of the points ledger with an id made of
 * (rule, agent, the call's or the day's id), so it is awarded once whatever is replayed or resent.
 */

/** The things that earn (or cost) points. */
export const POINTS_RULES = ['dailyGoalMet', 'sale', 'effective', 'streak', 'violation'] as const;
export type PointsRule = (typeof POINTS_RULES)[number];

/** What each is worth; `streakDays`: the streak bonus is earned on each day a streak has reached this many days. */
export interface PointsRules {
  dailyGoalMet: number;
  sale: number;
  effective: number;
  streak: number;
  streakDays: number;
  /** Zero or less: what a call with a violation costs. */
  violation: number;
}

/** 10,000: far above any sensible award, low enough that a typo (500000) is refused rather than shown. */
export const POINTS_MAX = 10_000;
// refine, not .int(): zod reports .int() as an invalid type without the input, which reads "is required".
const whole = () => z.number({ message: 'must be a number' }).refine(Number.isInteger, 'must be a whole number');
const award = whole()
  .min(0, { message: 'must be 0 or more' })
  .max(POINTS_MAX, { message: `must be at most ${POINTS_MAX}` });

export const pointsRulesSchema = z.strictObject({
  dailyGoalMet: award,
  sale: award,
  effective: award,
  streak: award,
  streakDays: whole().min(2, { message: 'must be at least 2 (a streak is days in a row)' }).max(365, { message: 'must be at most 365' }),
  violation: whole()
    .max(0, { message: 'must be 0 or less (a violation costs points)' })
    .min(-POINTS_MAX, { message: `must be at least -${POINTS_MAX}` }),
}) satisfies z.ZodType<PointsRules>;

/** GET and PUT /api/v1/points/rules. */
export interface PointsRulesAnswer {
  rules: PointsRules;
  /** When an admin last changed them; null: the shipped defaults. */
  updatedAt: string | null;
  updatedBy: string | null;
}
export const pointsRulesAnswerSchema = z.object({
  rules: pointsRulesSchema,
  updatedAt: isoTime.nullable(),
  updatedBy: z.string().nullable(),
}) satisfies z.ZodType<PointsRulesAnswer>;

/** One award: a row of the ledger. `ref` is the call id (sale, effective, violation) or the local day (daily goal, streak). */
export interface PointsAward {
  id: string;
  agentId: string;
  rule: PointsRule;
  points: number;
  ref: string;
  at: string;
}
export const pointsAwardSchema = z.object({
  id: z.string(),
  agentId: z.string(),
  rule: z.enum(POINTS_RULES),
  points: z.number().int(),
  ref: z.string(),
  at: isoTime,
}) satisfies z.ZodType<PointsAward>;

/** My points on /me: today's total and today's awards, newest first (at most 10). */
export interface MyPoints {
  from: string;
  to: string;
  today: number;
  recent: PointsAward[];
}
export const myPointsSchema = z.object({
  from: isoTime,
  to: isoTime,
  today: z.number().int(),
  recent: z.array(pointsAwardSchema).max(10),
}) satisfies z.ZodType<MyPoints>;

export const POINTS_PERIODS = ['day', 'week', 'month'] as const;
export type PointsPeriod = (typeof POINTS_PERIODS)[number];

/** GET /api/v1/points?scope=floor|team:<id>&period=day|week|month: each agent's total over [from, to) in `zone`. */
export interface PointsTotalsAnswer {
  scope: 'floor' | `team:${string}`;
  period: PointsPeriod;
  /** The floor's zone, or the team's own when it has one (the roster). */
  zone: string;
  from: string;
  to: string;
  totals: { agentId: string; teamId: string; name: string | null; points: number }[];
}
export const pointsTotalsAnswerSchema = z.object({
  scope: z.custom<'floor' | `team:${string}`>((v) => v === 'floor' || (typeof v === 'string' && v.startsWith('team:'))),
  period: z.enum(POINTS_PERIODS),
  zone: z.string(),
  from: isoTime,
  to: isoTime,
  totals: z.array(z.object({ agentId: z.string(), teamId: z.string(), name: z.string().nullable(), points: z.number().int() })),
}) satisfies z.ZodType<PointsTotalsAnswer>;
