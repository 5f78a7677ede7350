import { z } from 'zod';

/** The floor's counts over one window (docs/metrics.md, the definitions). */
export interface Counts {
  dialed: number;
  answered: number;
  /** call.ended with answered: true (conversations that finished). */
  ended: number;
  /** ended, hung up by the customer, under the early-hang-up threshold (30 s by default). */
  earlyHangups: number;
  /** ended with talk at or over the effective threshold (60 s by default). */
  effective: number;
  sales: number;
  leads: number;
  /** Distinct calls with at least one violation-severity flag. */
  violations: number;
  reminders: number;
  complaints: number;
  talkSeconds: number;
  /** call.dialed carrying a leadCallId: human follow-ups of robot-screened leads (docs/metrics.md, "Hot leads"). */
  hotLeadDialed: number;
  /** call.answered of such a follow-up call. */
  hotLeadAnswered: number;
  /** call.outcome sale of such a follow-up call. */
  hotLeadSales: number;
  /** call.outcome lead on the robot channel: the leads robot lines screened. */
  robotLeads: number;
  /** call.rated events, and the sum of their satisfaction (1–5): avgSatisfaction = satisfactionSum / rated. */
  rated: number;
  satisfactionSum: number;
  /** qa.scored events, and the sums of their items (0–100 each). */
  qaScored: number;
  qaScriptSum: number;
  qaDiscoverySum: number;
  qaAttitudeSum: number;
  /** Sum of `amount` over call.outcome sale (a sale without an amount adds 0), in the floor's CURRENCY. */
  revenue: number;
  /** call.answered with answeredBy: machine (the dialer's AMD said an answering machine). */
  machineAnswered: number;
  /** call.answered with any answeredBy (human, machine, unknown): the answers AMD ran on. */
  amdAnswered: number;
  /** ended (answered) with abandoned: true: dropped before an agent or a robot took the call. */
  abandoned: number;
  /** ended (answered) that said whether it was abandoned (true or false): 0 means the dialer never says, and abandonRate is "—". */
  abandonReported: number;
}
export const COUNT_KEYS = [
  'dialed',
  'answered',
  'ended',
  'earlyHangups',
  'effective',
  'sales',
  'leads',
  'violations',
  'reminders',
  'complaints',
  'talkSeconds',
  'hotLeadDialed',
  'hotLeadAnswered',
  'hotLeadSales',
  'robotLeads',
  'rated',
  'satisfactionSum',
  'qaScored',
  'qaScriptSum',
  'qaDiscoverySum',
  'qaAttitudeSum',
  'revenue',
  'machineAnswered',
  'amdAnswered',
  'abandoned',
  'abandonReported',
] as const satisfies readonly (keyof Counts)[];
export type CountKey = (typeof COUNT_KEYS)[number];

export interface Rates {
  connectRate: number | null;
  hangupRate: number | null;
  effectiveRate: number | null;
  conversionRate: number | null;
  complianceRate: number | null;
  complaintRate: number | null;
  /** hotLeadSales / hotLeadAnswered: people converting robot-screened leads (target ≥ 15 %). */
  hotLeadConversion: number | null;
  /** machineAnswered / amdAnswered: the answering-machine rate, over the answers AMD ran on ("—" with no AMD). */
  machineRate: number | null;
  /**
   * abandoned / (answered − machineAnswered): the abandoned-call rate over live answers, as regulators
   * count it (Ofcom, the FCC: of calls answered by a person; an answering machine cannot be abandoned).
   */
  abandonRate: number | null;
}
export const RATE_KEYS = [
  'connectRate',
  'hangupRate',
  'effectiveRate',
  'conversionRate',
  'complianceRate',
  'complaintRate',
  'hotLeadConversion',
  'machineRate',
  'abandonRate',
] as const satisfies readonly (keyof Rates)[];
export type RateKey = (typeof RATE_KEYS)[number];
/** Averages of scores (not shares): satisfaction 1–5, QA items 0–100. null when nothing was scored. */
export const AVERAGE_KEYS = ['avgSatisfaction', 'avgQaScript', 'avgQaDiscovery', 'avgQaAttitude'] as const;
export type AverageKey = (typeof AVERAGE_KEYS)[number];
const AVERAGE_PARTS: Record<AverageKey, readonly [CountKey, CountKey]> = {
  avgSatisfaction: ['satisfactionSum', 'rated'],
  avgQaScript: ['qaScriptSum', 'qaScored'],
  avgQaDiscovery: ['qaDiscoverySum', 'qaScored'],
  avgQaAttitude: ['qaAttitudeSum', 'qaScored'],
};
/** An average of the counts: the sum of the scores ÷ the events scored, null (shown "—") when none was. */
export function averageOf(c: Counts, key: AverageKey): number | null {
  const [sum, n] = AVERAGE_PARTS[key];
  return c[n] === 0 ? null : c[sum] / c[n];
}
export type MetricKey = CountKey | RateKey | AverageKey;
export const METRIC_KEYS: readonly MetricKey[] = [...COUNT_KEYS, ...RATE_KEYS, ...AVERAGE_KEYS];
export const metricKeySchema = z.enum([...COUNT_KEYS, ...RATE_KEYS, ...AVERAGE_KEYS]);
export const countKeySchema = z.enum(COUNT_KEYS);

export function emptyCounts(): Counts {
  return {
    dialed: 0,
    answered: 0,
    ended: 0,
    earlyHangups: 0,
    effective: 0,
    sales: 0,
    leads: 0,
    violations: 0,
    reminders: 0,
    complaints: 0,
    talkSeconds: 0,
    hotLeadDialed: 0,
    hotLeadAnswered: 0,
    hotLeadSales: 0,
    robotLeads: 0,
    rated: 0,
    satisfactionSum: 0,
    qaScored: 0,
    qaScriptSum: 0,
    qaDiscoverySum: 0,
    qaAttitudeSum: 0,
    revenue: 0,
    machineAnswered: 0,
    amdAnswered: 0,
    abandoned: 0,
    abandonReported: 0,
  };
}

/**
 * null when the denominator is 0, and when the numerator exceeds it: the screen shows "—", never NaN,
 * never a fake 0 and never 200 %. Counts go by each event's own time and each event is accepted on its
 * own, so a window can hold a call's answer without its dial (the dial was rejected, or fell before the
 * window): a ratio over 1 is then no rate at all, and `inconsistentRates` names it (docs/metrics.md).
 */
const ratio = (num: number, den: number): number | null => (den === 0 || num > den ? null : num / den);

/** Each rate as [numerator, denominator] of the counts (complianceRate is 1 − violations/dialed). */
const RATE_PARTS: Record<RateKey, (c: Counts) => readonly [number, number]> = {
  connectRate: (c) => [c.answered, c.dialed],
  hangupRate: (c) => [c.earlyHangups, c.ended],
  effectiveRate: (c) => [c.effective, c.ended],
  conversionRate: (c) => [c.sales, c.answered],
  complianceRate: (c) => [c.violations, c.dialed],
  complaintRate: (c) => [c.complaints, c.answered],
  hotLeadConversion: (c) => [c.hotLeadSales, c.hotLeadAnswered],
  machineRate: (c) => [c.machineAnswered, c.amdAnswered],
  // Over live answers: an answering machine cannot be abandoned.
  abandonRate: (c) => [c.abandoned, c.answered - c.machineAnswered],
};

export function computeRates(c: Counts): Rates {
  const compliance = ratio(c.violations, c.dialed);
  return {
    connectRate: ratio(c.answered, c.dialed),
    hangupRate: ratio(c.earlyHangups, c.ended),
    effectiveRate: ratio(c.effective, c.ended),
    conversionRate: ratio(c.sales, c.answered),
    complianceRate: compliance === null ? null : 1 - compliance,
    complaintRate: ratio(c.complaints, c.answered),
    hotLeadConversion: ratio(c.hotLeadSales, c.hotLeadAnswered),
    machineRate: ratio(c.machineAnswered, c.amdAnswered),
    // A dialer that never says whether a call was abandoned has no abandon rate, not 0 %.
    abandonRate: c.abandonReported === 0 ? null : ratio(c.abandoned, c.answered - c.machineAnswered),
  };
}

/**
 * The data-quality flag: rates withheld ("—") because their numerator exceeds their denominator in
 * this window (more answers than dials, say). Derived from the counts, so a screen, the reconcile
 * report and SQL all name the same ones.
 */
export function inconsistentRates(c: Counts): RateKey[] {
  return RATE_KEYS.filter((k) => {
    const [num, den] = RATE_PARTS[k](c);
    return num > den;
  });
}

/**
 * One metric of a window or a bucket. null is "no data", shown "—" and never 0 (docs/metrics.md): a rate
 * whose denominator is 0, and any metric when there are no numbers at all (no snapshot yet, a bucket the
 * server did not return). The one place a screen or a rule reads a metric by key.
 */
export function metricValue(counts: Counts | undefined, rates: Rates | undefined, key: MetricKey): number | null {
  if ((AVERAGE_KEYS as readonly string[]).includes(key)) return counts ? averageOf(counts, key as AverageKey) : null;
  return (RATE_KEYS as readonly string[]).includes(key) ? (rates?.[key as RateKey] ?? null) : (counts?.[key as CountKey] ?? null);
}

const count = z.number().finite().min(0);
/** Every count is present: a screen reads any of them by key, and a missing one must not pass for 0. */
export const countsSchema = z.object({
  dialed: count,
  answered: count,
  ended: count,
  earlyHangups: count,
  effective: count,
  sales: count,
  leads: count,
  violations: count,
  reminders: count,
  complaints: count,
  talkSeconds: count,
  hotLeadDialed: count,
  hotLeadAnswered: count,
  hotLeadSales: count,
  robotLeads: count,
  rated: count,
  satisfactionSum: count,
  qaScored: count,
  qaScriptSum: count,
  qaDiscoverySum: count,
  qaAttitudeSum: count,
  revenue: count,
  machineAnswered: count,
  amdAnswered: count,
  abandoned: count,
  abandonReported: count,
}) satisfies z.ZodType<Counts>;
const rate = z.number().finite().nullable();
/** Every rate is present, null when its denominator is 0. */
export const ratesSchema = z.object({
  connectRate: rate,
  hangupRate: rate,
  effectiveRate: rate,
  conversionRate: rate,
  complianceRate: rate,
  complaintRate: rate,
  hotLeadConversion: rate,
  machineRate: rate,
  abandonRate: rate,
}) satisfies z.ZodType<Rates>;
