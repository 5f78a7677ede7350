import type { AgentScores } from '@floorpulse/shared';

/** Scores equal to this are a tie (both come from the same float SQL; 10⁻⁶ of a point is no difference anyone sees). */
const TIE = 1e-6;

/**
 * The star of a week among its scores (docs/metrics.md, "Star of the week"): people only (no robot line),
 * at least `minDials` dials and no violation that week, a KPI score. Highest KPI score; a tie goes to
 * more sales, then more dials, then the smaller agent id (so every process and every rerun picks the same).
 */
export function pickStar(rows: readonly AgentScores[], o: { minDials: number; isRobot: (agentId: string) => boolean }): AgentScores | null {
  const eligible = rows.filter(
    (r) => !o.isRobot(r.agentId) && r.counts.dialed >= o.minDials && r.counts.violations === 0 && r.kpi.score !== null,
  );
  eligible.sort((a, b) => {
    const d = (b.kpi.score ?? 0) - (a.kpi.score ?? 0);
    if (Math.abs(d) > TIE) return d;
    return (
      b.counts.sales - a.counts.sales || b.counts.dialed - a.counts.dialed || (a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0)
    );
  });
  return eligible[0] ?? null;
}
