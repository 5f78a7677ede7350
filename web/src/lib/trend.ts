export interface TrendPoint {
  t: number;
  v: number | null;
}

/**
 * Adds a live sample to a trend: a new point when at least `stepMs` passed since the last one,
 * otherwise the last point moves (so a busy floor does not flood the sparkline). Keeps `max` points.
 */
export function appendSample(points: readonly TrendPoint[], p: TrendPoint, stepMs: number, max = 96): TrendPoint[] {
  const last = points[points.length - 1];
  if (last && p.t < last.t) return [...points];
  const next = last && p.t - last.t < stepMs ? [...points.slice(0, -1), { t: last.t, v: p.v }] : [...points, p];
  return next.slice(-max);
}
