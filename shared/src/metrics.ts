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
}
export const COUNT_KEYS = [
  'dialed', 'answered', 'ended', 'earlyHangups', 'effective', 'sales', 'leads',
  'violations', 'reminders', 'complaints', 'talkSeconds',
] as const satisfies readonly (keyof Counts)[];
export type CountKey = (typeof COUNT_KEYS)[number];

export interface Rates {
  connectRate: number | null;
  hangupRate: number | null;
  effectiveRate: number | null;
  conversionRate: number | null;
  complianceRate: number | null;
  complaintRate: number | null;
}
export const RATE_KEYS = [
  'connectRate', 'hangupRate', 'effectiveRate', 'conversionRate', 'complianceRate', 'complaintRate',
] as const satisfies readonly (keyof Rates)[];
export type RateKey = (typeof RATE_KEYS)[number];
export type MetricKey = CountKey | RateKey;
export const METRIC_KEYS: readonly MetricKey[] = [...COUNT_KEYS, ...RATE_KEYS];

export function emptyCounts(): Counts {
  return {
    dialed: 0, answered: 0, ended: 0, earlyHangups: 0, effective: 0, sales: 0, leads: 0,
    violations: 0, reminders: 0, complaints: 0, talkSeconds: 0,
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
  };
}

export function metricValue(counts: Counts, rates: Rates, key: MetricKey): number | null {
  return (RATE_KEYS as readonly string[]).includes(key) ? rates[key as RateKey] : counts[key as CountKey];
}
