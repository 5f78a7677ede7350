import { z } from 'zod';
import { isoTime } from './time.js';

/*
 * The weighted scores (docs/metrics.md, "Weighted scores"): each a weighted mean of parts normalised to
 * [0, 1], shown 0–100. The weights are data an admin edits; the normalisation is fixed and documented.
 */

export const KPI_PARTS = ['volume', 'conversion', 'satisfaction', 'compliance'] as const;
export type KpiPart = (typeof KPI_PARTS)[number];
export const QUALITY_PARTS = ['script', 'discovery', 'attitude'] as const;
export type QualityPart = (typeof QUALITY_PARTS)[number];
export type ScoreName = 'kpi' | 'quality';
export const SCORE_PERIODS = ['day', 'week', 'month'] as const;
export type ScorePeriod = (typeof SCORE_PERIODS)[number];

/** Whole percentages per part; each score's weights sum to 100. */
export interface ScoreWeights {
  kpi: Record<KpiPart, number>;
  quality: Record<QualityPart, number>;
}

/** The material's weights: call volume 20 %, conversion 30 %, satisfaction 30 %, compliance 20 %; script 40 %, discovery 30 %, attitude 30 %. */
export const DEFAULT_WEIGHTS: ScoreWeights = {
  kpi: { volume: 20, conversion: 30, satisfaction: 30, compliance: 20 },
  quality: { script: 40, discovery: 30, attitude: 30 },
};

const weight = z.number().int('must be a whole percentage').min(0, 'must be from 0 to 100').max(100, 'must be from 0 to 100');
const summing = <T extends z.ZodRawShape>(shape: T) =>
  z.strictObject(shape).refine((w) => Object.values(w).reduce((s: number, v) => s + (v as number), 0) === 100, {
    message: 'weights must sum to 100',
  });

export const scoreWeightsSchema = z.strictObject({
  kpi: summing({ volume: weight, conversion: weight, satisfaction: weight, compliance: weight }),
  quality: summing({ script: weight, discovery: weight, attitude: weight }),
}) satisfies z.ZodType<ScoreWeights, unknown>;

/** What the parts are normalised against (config SCORE_DAILY_DIALS, CONVERSION_TARGET). */
export interface ScoreTargets {
  /** Dials a person's day is worth full volume. */
  dailyDials: number;
  /** sales ÷ answered at which conversion is full. */
  conversion: number;
}

/** GET/PUT /api/v1/scores/weights. */
export interface ScoreWeightsAnswer {
  weights: ScoreWeights;
  /** 0: never set, the defaults. */
  version: number;
  by: string;
  targets: ScoreTargets;
}
export const scoreWeightsAnswerSchema = z.object({
  weights: scoreWeightsSchema,
  version: z.number(),
  by: z.string(),
  targets: z.object({ dailyDials: z.number(), conversion: z.number() }),
}) satisfies z.ZodType<ScoreWeightsAnswer, unknown>;

/** The counts over call_events a score is computed from (the score SQL's inner query). */
export interface ScoreCounts {
  dialed: number;
  answered: number;
  sales: number;
  violations: number;
  rated: number;
  satisfactionSum: number;
  qaScored: number;
  qaScriptSum: number;
  qaDiscoverySum: number;
  qaAttitudeSum: number;
  /** Local days (the zone's) with at least one dial: volume's target is dailyDials × these. */
  daysDialed: number;
}

export interface ScorePartValue {
  part: KpiPart | QualityPart;
  /** The admin's weight, a whole percentage. */
  weight: number;
  /** 0–1; null: no data in the window ("—"), and its weight goes to the parts that have data. */
  value: number | null;
}
export interface ScoreCard {
  /** 0–100; null when no part has data. */
  score: number | null;
  parts: ScorePartValue[];
}

/** The scores of one agent over one window [from, to). */
export interface AgentScores {
  agentId: string;
  name: string;
  teamId: string;
  counts: ScoreCounts;
  kpi: ScoreCard;
  quality: ScoreCard;
}

const countsSchema = z.object({
  dialed: z.number(),
  answered: z.number(),
  sales: z.number(),
  violations: z.number(),
  rated: z.number(),
  satisfactionSum: z.number(),
  qaScored: z.number(),
  qaScriptSum: z.number(),
  qaDiscoverySum: z.number(),
  qaAttitudeSum: z.number(),
  daysDialed: z.number(),
}) satisfies z.ZodType<ScoreCounts, unknown>;
const cardSchema = z.object({
  score: z.number().nullable(),
  parts: z.array(z.object({ part: z.enum([...KPI_PARTS, ...QUALITY_PARTS]), weight: z.number(), value: z.number().nullable() })),
}) satisfies z.ZodType<ScoreCard, unknown>;
const agentScoresSchema = z.object({
  agentId: z.string(),
  name: z.string(),
  teamId: z.string(),
  counts: countsSchema,
  kpi: cardSchema,
  quality: cardSchema,
}) satisfies z.ZodType<AgentScores, unknown>;

/** A window's scores: its exact [from, to) in `zone`. */
export interface ScoreWindow {
  period: ScorePeriod;
  zone: string;
  from: string;
  to: string;
}
const windowShape = { period: z.enum(SCORE_PERIODS), zone: z.string(), from: isoTime, to: isoTime };

/** GET /api/v1/me/scores: my day, week and month, each score with its parts. */
export interface MyScoresAnswer {
  periods: (ScoreWindow & { scores: AgentScores | null })[];
}
export const myScoresAnswerSchema = z.object({
  periods: z.array(z.object({ ...windowShape, scores: agentScoresSchema.nullable() })),
}) satisfies z.ZodType<MyScoresAnswer, unknown>;

/** GET /api/v1/scores?period=: every agent with events in the window (supervisor and up; reconcile). */
export interface ScoresAnswer extends ScoreWindow {
  weights: ScoreWeights;
  targets: ScoreTargets;
  agents: AgentScores[];
}
export const scoresAnswerSchema = z.object({
  ...windowShape,
  weights: scoreWeightsSchema,
  targets: z.object({ dailyDials: z.number(), conversion: z.number() }),
  agents: z.array(agentScoresSchema),
}) satisfies z.ZodType<ScoresAnswer, unknown>;

/** Each part normalised to [0, 1] exactly as the score SQL does (docs/metrics.md); null: no data. */
export function scoreParts(c: ScoreCounts, t: ScoreTargets): Record<KpiPart | QualityPart, number | null> {
  const avg = (sum: number, n: number) => (n === 0 ? null : sum / n / 100);
  return {
    volume: c.daysDialed === 0 ? null : Math.min(1, c.dialed / (t.dailyDials * c.daysDialed)),
    conversion: c.answered === 0 || c.sales > c.answered ? null : Math.min(1, c.sales / c.answered / t.conversion),
    satisfaction: c.rated === 0 ? null : (c.satisfactionSum / c.rated - 1) / 4,
    compliance: c.dialed === 0 || c.violations > c.dialed ? null : 1 - c.violations / c.dialed,
    script: avg(c.qaScriptSum, c.qaScored),
    discovery: avg(c.qaDiscoverySum, c.qaScored),
    attitude: avg(c.qaAttitudeSum, c.qaScored),
  };
}

/** Σ weight × part ÷ Σ weight over the parts that have data, × 100; null when none has (or their weights are all 0). */
export function weightedScore(parts: readonly ScorePartValue[]): number | null {
  let sum = 0;
  let weights = 0;
  for (const p of parts) {
    if (p.value === null) continue;
    sum += p.weight * p.value;
    weights += p.weight;
  }
  return weights === 0 ? null : (100 * sum) / weights;
}

/** Both scores of some counts, computed in TypeScript: the reconcile tool compares them with the SQL's. */
export function scoreCards(c: ScoreCounts, w: ScoreWeights, t: ScoreTargets): { kpi: ScoreCard; quality: ScoreCard } {
  const values = scoreParts(c, t);
  const card = <P extends KpiPart | QualityPart>(names: readonly P[], weights: Record<P, number>): ScoreCard => {
    const parts = names.map((part) => ({ part, weight: weights[part], value: values[part] }));
    return { score: weightedScore(parts), parts };
  };
  return { kpi: card(KPI_PARTS, w.kpi), quality: card(QUALITY_PARTS, w.quality) };
}
