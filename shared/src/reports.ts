import { z } from 'zod';
import { type RanSql, ranSql } from './history.js';
import { averageOf, type Counts, computeRates, countsSchema, type Rates, ratesSchema } from './metrics.js';
import { isoTime } from './time.js';

/*
 * Reports (docs/metrics.md, "Weekly report"): the weekly report of the history page and the supervisor's
 * team day. Every number is a column of one SQL query the answer carries.
 */

/** The numbers of one scope over one period: the counts of docs/metrics.md plus the alerts' own. */
export interface ReportStats {
  counts: Counts;
  /** `help.requested` events (an agent's help button, or a dialer's). */
  helpRequests: number;
  /** Alerts opened in the period (any rule, any level). */
  alerts: number;
  /** Seconds from opening to the first person's ack / resolve, R-7 quantiles; null when none was. */
  ackP50: number | null;
  ackP90: number | null;
  resolveP50: number | null;
  resolveP90: number | null;
  /** Points awarded in the period (the points ledger, docs/metrics.md "Points"); null when none was. */
  points: number | null;
}
const seconds = z.number().finite().min(0).nullable();
export const reportStatsSchema = z.object({
  counts: countsSchema,
  helpRequests: z.number().int().min(0),
  alerts: z.number().int().min(0),
  ackP50: seconds,
  ackP90: seconds,
  resolveP50: seconds,
  resolveP90: seconds,
  points: z.number().finite().nullable(),
}) satisfies z.ZodType<ReportStats>;

/** How a report value reads: a count, a share (43.2 %), money, seconds, a 1–5 or 0–100 score. */
export type ReportFormat = 'count' | 'share' | 'money' | 'seconds' | 'score';

/**
 * One line of a report. Adding a metric to every report is one entry here (and its column in the SQL
 * if it needs a new one): the page, the CSV and the change column read this list.
 */
export interface ReportMetric {
  key: string;
  format: ReportFormat;
  /** Which way is good, for the change's colour: up (sales), down (hang-ups), or neither (dials). */
  better: 'up' | 'down' | null;
  value: (s: ReportStats) => number | null;
}

const rate = (k: keyof ReturnType<typeof computeRates>) => (s: ReportStats) => computeRates(s.counts)[k];
const count = (k: keyof Counts) => (s: ReportStats) => s.counts[k];

/** The weekly report's lines, in the order the page shows them (docs/metrics.md, "Weekly report"). */
export const REPORT_METRICS: readonly ReportMetric[] = [
  { key: 'dialed', format: 'count', better: null, value: count('dialed') },
  { key: 'answered', format: 'count', better: null, value: count('answered') },
  { key: 'connectRate', format: 'share', better: 'up', value: rate('connectRate') },
  { key: 'effective', format: 'count', better: 'up', value: count('effective') },
  { key: 'effectiveRate', format: 'share', better: 'up', value: rate('effectiveRate') },
  { key: 'sales', format: 'count', better: 'up', value: count('sales') },
  { key: 'conversionRate', format: 'share', better: 'up', value: rate('conversionRate') },
  { key: 'leads', format: 'count', better: 'up', value: count('leads') },
  { key: 'robotLeads', format: 'count', better: 'up', value: count('robotLeads') },
  { key: 'hotLeadConversion', format: 'share', better: 'up', value: rate('hotLeadConversion') },
  { key: 'revenue', format: 'money', better: 'up', value: count('revenue') },
  { key: 'points', format: 'count', better: 'up', value: (s) => s.points },
  { key: 'earlyHangups', format: 'count', better: 'down', value: count('earlyHangups') },
  { key: 'hangupRate', format: 'share', better: 'down', value: rate('hangupRate') },
  {
    key: 'avgTalkSeconds',
    format: 'seconds',
    better: 'up',
    value: (s) => (s.counts.ended === 0 ? null : s.counts.talkSeconds / s.counts.ended),
  },
  { key: 'violations', format: 'count', better: 'down', value: count('violations') },
  { key: 'complianceRate', format: 'share', better: 'up', value: rate('complianceRate') },
  { key: 'complaints', format: 'count', better: 'down', value: count('complaints') },
  { key: 'complaintRate', format: 'share', better: 'down', value: rate('complaintRate') },
  { key: 'machineRate', format: 'share', better: null, value: rate('machineRate') },
  { key: 'abandonRate', format: 'share', better: 'down', value: rate('abandonRate') },
  { key: 'avgSatisfaction', format: 'score', better: 'up', value: (s) => averageOf(s.counts, 'avgSatisfaction') },
  { key: 'avgQaScript', format: 'score', better: 'up', value: (s) => averageOf(s.counts, 'avgQaScript') },
  { key: 'avgQaDiscovery', format: 'score', better: 'up', value: (s) => averageOf(s.counts, 'avgQaDiscovery') },
  { key: 'avgQaAttitude', format: 'score', better: 'up', value: (s) => averageOf(s.counts, 'avgQaAttitude') },
  { key: 'helpRequests', format: 'count', better: null, value: (s) => s.helpRequests },
  { key: 'alerts', format: 'count', better: 'down', value: (s) => s.alerts },
  { key: 'ackP50', format: 'seconds', better: 'down', value: (s) => s.ackP50 },
  { key: 'ackP90', format: 'seconds', better: 'down', value: (s) => s.ackP90 },
  { key: 'resolveP50', format: 'seconds', better: 'down', value: (s) => s.resolveP50 },
  { key: 'resolveP90', format: 'seconds', better: 'down', value: (s) => s.resolveP90 },
];

/**
 * This week against last: the difference, and for a count or money the relative change. null ("—")
 * when either side is; a share's change is its difference in points (0.05 = 5 pp), never a ratio of ratios.
 */
export function reportChange(
  m: ReportMetric,
  now: number | null,
  before: number | null,
): { delta: number | null; relative: number | null } {
  if (now === null || before === null) return { delta: null, relative: null };
  const delta = now - before;
  // A ratio against nothing, or against a negative base (points can be: violations cost), says nothing.
  const relative = m.format === 'share' || before <= 0 ? null : delta / before;
  return { delta, relative };
}

/** The first day of a floor's week (docs/metrics.md, "Weekly report": WEEK_START, Monday by default). */
export const WEEK_STARTS = ['monday', 'sunday', 'saturday'] as const;
export type WeekStart = (typeof WEEK_STARTS)[number];

export interface ReportPeriod {
  /** [from, to), ISO-8601 UTC. */
  from: string;
  to: string;
  /** The floor-local date the period starts on, YYYY-MM-DD. */
  startDay: string;
}
const periodSchema = z.object({ from: isoTime, to: isoTime, startDay: z.string() }) satisfies z.ZodType<ReportPeriod>;

/** One scope of the weekly report: `floor` or `team:<id>`; a side is null when nothing happened in it. */
export interface WeeklyReportScope {
  scope: string;
  /** The team's roster name (people first); the floor's is the page's own word. */
  name: string;
  thisWeek: ReportStats | null;
  lastWeek: ReportStats | null;
}

/** GET /api/v1/reports/weekly?week=YYYY-MM-DD (viewer or higher). */
export interface WeeklyReportAnswer extends RanSql {
  tz: string;
  weekStart: WeekStart;
  /** This week so far (or the whole week asked for), and last week over the same span. */
  thisWeek: ReportPeriod;
  lastWeek: ReportPeriod;
  scopes: WeeklyReportScope[];
}
export const weeklyReportAnswerSchema = z.object({
  ...ranSql,
  tz: z.string(),
  weekStart: z.enum(WEEK_STARTS),
  thisWeek: periodSchema,
  lastWeek: periodSchema,
  scopes: z.array(
    z.object({ scope: z.string(), name: z.string(), thisWeek: reportStatsSchema.nullable(), lastWeek: reportStatsSchema.nullable() }),
  ),
}) satisfies z.ZodType<WeeklyReportAnswer>;

/** One agent of a team's day: the roster's name, its counts and rates (the history's agent row). */
export interface TeamDayRow {
  agentId: string;
  /** The roster's name; the id when the roster does not know the agent. */
  name: string;
  channel: string;
  counts: Counts;
  rates: Rates;
}

/** GET /api/v1/reports/team-day?team=&day=YYYY-MM-DD (supervisor or admin): the supervisor's daily report. */
export interface TeamDayAnswer extends RanSql {
  tz: string;
  team: string;
  teamName: string;
  /** The floor-local day, and its [from, to) (23, 24 or 25 hours). */
  day: string;
  from: string;
  to: string;
  rows: TeamDayRow[];
  /** The team's totals over the same query's rows. */
  total: { counts: Counts; rates: Rates };
}
export const teamDayAnswerSchema = z.object({
  ...ranSql,
  tz: z.string(),
  team: z.string(),
  teamName: z.string(),
  day: z.string(),
  from: isoTime,
  to: isoTime,
  rows: z.array(z.object({ agentId: z.string(), name: z.string(), channel: z.string(), counts: countsSchema, rates: ratesSchema })),
  total: z.object({ counts: countsSchema, rates: ratesSchema }),
}) satisfies z.ZodType<TeamDayAnswer>;
