import { z } from 'zod';
import { type RanSql, ranSql } from './history.js';
import { isoTime } from './time.js';

/*
 * Response times (docs/rules.md, "Response times"): how long alerts waited for a person, per day of
 * the floor and per supervisor, team or rule. GET /api/v1/history/response-times (supervisor or admin).
 */

export const RESPONSE_GROUPINGS = ['supervisor', 'team', 'rule'] as const;
export type ResponseGrouping = (typeof RESPONSE_GROUPINGS)[number];

/** One day × key × step: the alerts opened that day that a person acknowledged (or resolved), and how long it took. */
export interface ResponseTimeRow {
  /** The floor-local day the alert opened, YYYY-MM-DD. */
  day: string;
  /** The supervisor's login (who acted), the team id ('' for floor alerts) or the rule id. */
  key: string;
  step: 'ack' | 'resolve';
  count: number;
  /** Seconds from opening to the step: R-7 quantiles (ClickHouse quantileExactInclusive). */
  p50Seconds: number;
  p90Seconds: number;
}
const rowSchema = z.object({
  day: z.string(),
  key: z.string(),
  step: z.enum(['ack', 'resolve']),
  count: z.number().int().min(1),
  p50Seconds: z.number(),
  p90Seconds: z.number(),
}) satisfies z.ZodType<ResponseTimeRow>;

export interface ResponseTimesAnswer extends RanSql {
  tz: string;
  from: string;
  to: string;
  by: ResponseGrouping;
  rows: ResponseTimeRow[];
  /** Supervisors' names by login, for the keys of `by=supervisor` (people first on screens). */
  names: Record<string, string>;
  /** The rules' configured time to acknowledge, seconds (e.g. help: a mentor replies within the hour). */
  ackTargets: Record<string, number>;
}
export const responseTimesAnswerSchema = z.object({
  ...ranSql,
  tz: z.string(),
  from: isoTime,
  to: isoTime,
  by: z.enum(RESPONSE_GROUPINGS),
  rows: z.array(rowSchema),
  names: z.record(z.string(), z.string()),
  ackTargets: z.record(z.string(), z.number()),
}) satisfies z.ZodType<ResponseTimesAnswer>;
