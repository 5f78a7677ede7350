import { z } from 'zod';
import { isoTime } from './time.js';

/*
 * The honour roll (docs/metrics.md, "Recognition"; the wall's /wall?view=honours): the stars of the
 * last weeks, the champions of the month, quarter and year in progress, and the streaks in progress.
 */

/** A star of the week: the highest weekly KPI score among eligible people (docs/metrics.md, "Star of the week"). */
export interface StarOfWeek {
  /** The floor's week, Monday first: [weekStart, weekEnd) local dates, YYYY-MM-DD. */
  weekStart: string;
  weekEnd: string;
  agentId: string;
  name: string;
  teamId: string;
  /** KPI score 0–100 of that week. */
  score: number;
}
const starSchema = z.object({
  weekStart: z.string(),
  weekEnd: z.string(),
  agentId: z.string(),
  name: z.string(),
  teamId: z.string(),
  score: z.number(),
}) satisfies z.ZodType<StarOfWeek, unknown>;

export const CHAMPION_PERIODS = ['month', 'quarter', 'year'] as const;
export type ChampionPeriod = (typeof CHAMPION_PERIODS)[number];
export const CHAMPION_METRICS = ['sales', 'revenue', 'hotLeads'] as const;
export type ChampionMetric = (typeof CHAMPION_METRICS)[number];

export interface Champion {
  agentId: string;
  name: string;
  teamId: string;
  value: number;
}
const championSchema = z.object({ agentId: z.string(), name: z.string(), teamId: z.string(), value: z.number() }) satisfies z.ZodType<
  Champion,
  unknown
>;

export interface ChampionsOfPeriod {
  period: ChampionPeriod;
  from: string;
  to: string;
  /** null: nobody has any in the period yet ("—"). */
  by: Record<ChampionMetric, Champion | null>;
}
const championsSchema = z.object({
  period: z.enum(CHAMPION_PERIODS),
  from: isoTime,
  to: isoTime,
  by: z.object({ sales: championSchema.nullable(), revenue: championSchema.nullable(), hotLeads: championSchema.nullable() }),
}) satisfies z.ZodType<ChampionsOfPeriod, unknown>;

export interface StreakInProgress {
  agentId: string;
  name: string;
  teamId: string;
  /** Days in a row with every daily goal met, up to today. */
  days: number;
}

/** GET /api/v1/honours (wall). */
export interface HonoursAnswer {
  zone: string;
  at: string;
  /** Newest first; the first is the current star. */
  stars: StarOfWeek[];
  champions: ChampionsOfPeriod[];
  streaks: StreakInProgress[];
}
export const honoursAnswerSchema = z.object({
  zone: z.string(),
  at: isoTime,
  stars: z.array(starSchema),
  champions: z.array(championsSchema),
  streaks: z.array(z.object({ agentId: z.string(), name: z.string(), teamId: z.string(), days: z.number() })),
}) satisfies z.ZodType<HonoursAnswer, unknown>;
