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
  /** call.answered with answeredBy: machine (the dialer's AMD said an answering machine). */
  machineAnswered: number;
  /** call.answered with any answeredBy (human, machine, unknown): the answers AMD ran on. */
  amdAnswered: number;
  /** ended (answered) with abandoned: true: dropped before an agent or a robot took the call. */
  abandoned: number;
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
  'machineAnswered',
  'amdAnswered',
  'abandoned',
] as const satisfies readonly (keyof Counts)[];
export type CountKey = (typeof COUNT_KEYS)[number];

export interface Rates {
  connectRate: number | null;
  hangupRate: number | null;
  effectiveRate: number | null;
  conversionRate: number | null;
  complianceRate: number | null;
  complaintRate: number | null;
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
  'machineRate',
  'abandonRate',
] as const satisfies readonly (keyof Rates)[];
export type RateKey = (typeof RATE_KEYS)[number];
export type MetricKey = CountKey | RateKey;
export const METRIC_KEYS: readonly MetricKey[] = [...COUNT_KEYS, ...RATE_KEYS];
export const metricKeySchema = z.enum([...COUNT_KEYS, ...RATE_KEYS]);
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
    machineAnswered: 0,
    amdAnswered: 0,
    abandoned: 0,
  };
}

/** null when the denominator is 0: the screen shows "—", never NaN and never a fake 0. */
const ratio = (num: number, den: number): number | null => (den === 0 ? null : num / den);

export function computeRates(c: Counts): Rates {
  return {
    connectRate: ratio(c.answered, c.dialed),
    hangupRate: ratio(c.earlyHangups, c.ended),
    effectiveRate: ratio(c.effective, c.ended),
    conversionRate: ratio(c.sales, c.answered),
    complianceRate: c.dialed === 0 ? null : 1 - c.violations / c.dialed,
    complaintRate: ratio(c.complaints, c.answered),
    machineRate: ratio(c.machineAnswered, c.amdAnswered),
    abandonRate: ratio(c.abandoned, c.answered - c.machineAnswered),
  };
}

/**
 * One metric of a window or a bucket. null is "no data", shown "—" and never 0 (docs/metrics.md): a rate
 * whose denominator is 0, and any metric when there are no numbers at all (no snapshot yet, a bucket the
 * server did not return). The one place a screen or a rule reads a metric by key.
 */
export function metricValue(counts: Counts | undefined, rates: Rates | undefined, key: MetricKey): number | null {
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
  machineAnswered: count,
  amdAnswered: count,
  abandoned: count,
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
  machineRate: rate,
  abandonRate: rate,
}) satisfies z.ZodType<Rates>;
