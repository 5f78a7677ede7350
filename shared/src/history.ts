import { z } from 'zod';
import { type Counts, countsSchema, type Rates, ratesSchema } from './metrics.js';
import { type Scope, scopeSchema } from './rates.js';
import { isoTime } from './time.js';

/** History buckets; each starts in the floor's zone (a day is the floor's local day). */
export const HISTORY_BUCKETS = ['15m', '1h', '1d'] as const;
export type HistoryBucket = (typeof HISTORY_BUCKETS)[number];

/** What a page shows under "Show SQL": the exact text and the bound values that ran. */
export interface RanSql {
  sql: string;
  /** Arrays: an Array(String) parameter (the teams a supervisor looks after). */
  params: Record<string, string | number | string[]>;
}
export const ranSql = {
  sql: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string())])),
};

/** One bucket with calls in it: the server returns no bucket where nothing happened. */
export interface SeriesPoint {
  /** Bucket start, epoch milliseconds. */
  t: number;
  counts: Counts;
  rates: Rates;
}
export const seriesPointSchema = z.object({
  t: z.number().int(),
  counts: countsSchema,
  rates: ratesSchema,
}) satisfies z.ZodType<SeriesPoint>;

/** GET /api/v1/history/series?scope=&range=&from=&to=&bucket=&shift= (viewer or higher). */
export interface SeriesAnswer extends RanSql {
  scope: Scope;
  bucket: HistoryBucket;
  /** The floor's zone the buckets start in. */
  tz: string;
  /** [from, to) of the range, ISO-8601 UTC. */
  from: string;
  to: string;
  points: SeriesPoint[];
}
export const seriesAnswerSchema = z.object({
  ...ranSql,
  scope: scopeSchema,
  bucket: z.enum(HISTORY_BUCKETS),
  tz: z.string(),
  from: isoTime,
  to: isoTime,
  points: z.array(seriesPointSchema),
}) satisfies z.ZodType<SeriesAnswer, unknown>;

/** One agent over the range. */
export interface AgentRow {
  agentId: string;
  teamId: string;
  /** 'human' | 'robot', or '' when no event of the range carried a channel. */
  channel: string;
  /** The last agent.state of the range, or '' when there was none. */
  state: string;
  /** That state's reason as the dialer named it (a pause code: LUNCH), or '' (docs/metrics.md, "Agent state"). */
  stateReason: string;
  /** ISO-8601 time of that agent.state: the time in state runs from it. null when there was none. */
  stateSince: string | null;
  counts: Counts;
  rates: Rates;
}
export const agentRowSchema = z.object({
  agentId: z.string(),
  teamId: z.string(),
  channel: z.string(),
  state: z.string(),
  stateReason: z.string(),
  stateSince: isoTime.nullable(),
  counts: countsSchema,
  rates: ratesSchema,
}) satisfies z.ZodType<AgentRow>;

/** GET /api/v1/history/agents?range=&team= (viewer or higher): every agent with events in the range. */
export interface AgentsAnswer extends RanSql {
  tz: string;
  from: string;
  to: string;
  rows: AgentRow[];
}
export const agentsAnswerSchema = z.object({
  ...ranSql,
  tz: z.string(),
  from: isoTime,
  to: isoTime,
  rows: z.array(agentRowSchema),
}) satisfies z.ZodType<AgentsAnswer>;
