import { type ScoresAnswer, scoreCards } from '@floorpulse/shared';

/** The SQL computes in Float64 and TypeScript in doubles, in a different order: equal to this. */
const EPSILON = 1e-9;

export interface ScoreDifference {
  period: string;
  agentId: string;
  /** `kpi`, `quality`, or a part such as `volume`. */
  field: string;
  sql: number | null;
  ts: number | null;
}

/**
 * Each score and part of a GET /api/v1/scores answer (computed by SCORES_SQL in ClickHouse) against the same
 * computed in TypeScript from the answer's own counts (shared/src/scores.ts scoreCards): docs/metrics.md,
 * "Weighted scores". An empty list: they agree.
 */
export function scoreDifferences(answer: ScoresAnswer): ScoreDifference[] {
  const out: ScoreDifference[] = [];
  const differ = (a: number | null, b: number | null) => (a === null || b === null ? a !== b : Math.abs(a - b) > EPSILON);
  for (const agent of answer.agents) {
    const ts = scoreCards(agent.counts, answer.weights, answer.targets);
    for (const name of ['kpi', 'quality'] as const) {
      const sql = agent[name];
      const mine = ts[name];
      if (differ(sql.score, mine.score))
        out.push({ period: answer.period, agentId: agent.agentId, field: name, sql: sql.score, ts: mine.score });
      for (const p of sql.parts) {
        const t = mine.parts.find((x) => x.part === p.part)?.value ?? null;
        if (differ(p.value, t)) out.push({ period: answer.period, agentId: agent.agentId, field: p.part, sql: p.value, ts: t });
      }
    }
  }
  return out;
}
