import type { MetricKey } from '@floorpulse/shared';
import { meta } from './meta';

/**
 * Every target and threshold the screens colour against, in one place (BRIEF "Targets and
 * thresholds"). `good`: at or beyond it is green; `warn`: between warn and good is amber;
 * beyond warn the wrong way is red.
 */
export interface Threshold {
  better: 'higher' | 'lower';
  good: number;
  warn: number;
  source: string;
}

const FIXED: Partial<Record<MetricKey, Threshold>> = {
  // 100 dials → 30 real conversations (BRIEF funnel): 30% is the floor's normal; 20% is poor.
  connectRate: { better: 'higher', good: 0.3, warn: 0.2, source: 'BRIEF funnel: 100 dials → 30 conversations' },
  // The stress alert fires above 30% (BRIEF); 25–30% is the approach.
  hangupRate: { better: 'lower', good: 0.25, warn: 0.3, source: 'BRIEF stress alert: 30-second hang-up rate above 30%' },
  // Script compliance 100% (BRIEF): anything below is a violation; under 99% is red.
  complianceRate: { better: 'higher', good: 1, warn: 0.99, source: 'BRIEF: script compliance 100%' },
  // Robot-assisted effective conversation rate ≥ 40%; people alone ~25% (BRIEF).
  effectiveRate: { better: 'higher', good: 0.4, warn: 0.25, source: 'BRIEF: ≥ 40% robot-assisted; people alone ~25%' },
  // Complaint rate ≤ 0.3%; year-one plans < 0.5% (BRIEF).
  complaintRate: { better: 'lower', good: 0.003, warn: 0.005, source: 'BRIEF: ≤ 0.3%, year one < 0.5%' },
  // Not in BRIEF: regulators cap abandoned calls at 3% of live answers (Ofcom, FCC); amber from 2.5%, red over the cap.
  abandonRate: { better: 'lower', good: 0.025, warn: 0.03, source: 'Ofcom / FCC: abandoned ≤ 3% of live answers (docs/metrics.md)' },
};

/**
 * The fixed thresholds, and the floor's own configured targets from GET /api/v1/meta (config
 * CONVERSION_TARGET, HOT_LEAD_CONVERSION_TARGET): sales/answered against the floor's target (industry
 * average 3.8 %), and the material's ≥ 15 % for robot-screened hot leads converted by people.
 */
export function thresholdOf(metric: MetricKey): Threshold | undefined {
  const configured = meta.targets;
  if (metric === 'conversionRate' || metric === 'hotLeadConversion')
    return configured ? { better: 'higher', ...configured[metric], source: "the floor's configured target (GET /api/v1/meta)" } : undefined;
  return FIXED[metric];
}

export type Level = 'good' | 'warn' | 'bad' | 'none';

/** The colour class of a value against its threshold; `none` without data or without a threshold. */
export function levelOf(metric: MetricKey, value: number | null | undefined): Level {
  const th = thresholdOf(metric);
  if (!th || value === null || value === undefined || !Number.isFinite(value)) return 'none';
  if (th.better === 'higher') return value >= th.good ? 'good' : value >= th.warn ? 'warn' : 'bad';
  return value <= th.good ? 'good' : value <= th.warn ? 'warn' : 'bad';
}

/** The target shown under a tile ("target ≥ 40%"). */
export function targetOf(metric: MetricKey): { op: '≥' | '≤'; value: number } | null {
  const th = thresholdOf(metric);
  if (!th) return null;
  return th.better === 'higher'
    ? { op: '≥', value: th.good }
    : { op: '≤', value: metric === 'hangupRate' || metric === 'abandonRate' ? th.warn : th.good };
}
