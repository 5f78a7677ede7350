import type { MetricKey } from '@floorpulse/shared';
import type { EChartsCoreOption } from './echarts';
import { fmtBucket, fmtMetric, fmtTime, isRate } from './format';
import { t, type MessageKey } from './i18n';

export interface Point { t: number; counts: Record<string, number>; rates: Record<string, number | null> }
export interface SeriesBody { sql: string; params: Record<string, string | number>; points: Point[]; bucket: '15m' | '1h' | '1d' }
export interface AgentsBody { sql: string; params: Record<string, string | number>; rows: { agentId: string; teamId: string; counts: Record<string, number>; rates: Record<string, number | null> }[] }

export const valueOf = (p: { counts: Record<string, number>; rates: Record<string, number | null> }, k: MetricKey): number | null =>
  isRate(k) ? (p.rates[k] ?? null) : (p.counts[k] ?? 0);
const label = (k: MetricKey) => t(`metric.${k}` as MessageKey);
/**
 * Axis tooltips drawn by ECharts on the canvas ('richText'), not as HTML: the HTML tooltip writes style
 * attributes, which the server's Content-Security-Policy blocks (style-src 'self', server/src/http/security-headers.ts).
 */
const axisTooltip = (valueFormatter?: (v: number | null) => string) => ({ trigger: 'axis', renderMode: 'richText', ...(valueFormatter ? { valueFormatter } : {}) });

const BASE = {
  animation: false,
  backgroundColor: 'transparent',
  textStyle: { color: '#c9d3e3' },
  legend: { top: 0, textStyle: { color: '#c9d3e3' } },
  tooltip: axisTooltip(),
  grid: { left: 56, right: 56, top: 36, bottom: 30 },
};
const axisStyle = { axisLine: { lineStyle: { color: '#3a4456' } }, splitLine: { lineStyle: { color: '#1f2838' } } };
const pctAxis = { type: 'value', min: 0, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` }, ...axisStyle };
const countAxis = { type: 'value', ...axisStyle, splitLine: { show: false } };

/** Rates on the left axis (0–100%), counts on the right: one chart, no misleading shared scale. */
export function seriesOption(body: SeriesBody, metrics: readonly MetricKey[]): EChartsCoreOption {
  const hasRate = metrics.some(isRate);
  const hasCount = metrics.some((m) => !isRate(m));
  return {
    ...BASE,
    tooltip: axisTooltip(),
    xAxis: { type: 'category', data: body.points.map((p) => fmtBucket(p.t, body.bucket)), ...axisStyle },
    yAxis: [hasRate ? pctAxis : { ...countAxis }, ...(hasRate && hasCount ? [countAxis] : [])],
    series: metrics.map((m) => ({
      name: label(m),
      type: isRate(m) ? 'line' : 'bar',
      yAxisIndex: hasRate && !isRate(m) ? 1 : 0,
      // A bucket without a denominator has no rate: a gap, not a 0.
      data: body.points.map((p) => valueOf(p, m)),
      connectNulls: false,
      smooth: true,
    })),
  };
}

export function seriesCsv(body: SeriesBody, metrics: readonly MetricKey[]): { header: string[]; rows: unknown[][] } {
  return {
    header: ['bucket_start_utc', 'bucket_local', ...metrics],
    rows: body.points.map((p) => [new Date(p.t).toISOString(), fmtBucket(p.t, body.bucket), ...metrics.map((m) => valueOf(p, m) ?? '')]),
  };
}

export function agentsOption(body: AgentsBody, metric: MetricKey): EChartsCoreOption {
  const rows = [...body.rows].sort((a, b) => (valueOf(b, metric) ?? -1) - (valueOf(a, metric) ?? -1)).slice(0, 30);
  return {
    ...BASE,
    tooltip: axisTooltip((v) => fmtMetric(metric, v)),
    xAxis: { type: 'category', data: rows.map((r) => r.agentId), axisLabel: { rotate: 30 }, ...axisStyle },
    yAxis: isRate(metric) ? pctAxis : countAxis,
    series: [{ name: label(metric), type: 'bar', data: rows.map((r) => valueOf(r, metric)), itemStyle: { color: '#4ea1ff' } }],
  };
}

/** Two series on the same x (position in the range), so this week and last week line up day by day. */
export function compareOption(a: SeriesBody, b: SeriesBody, names: [string, string], metric: MetricKey, xFrom: 'a' | 'time' = 'a'): EChartsCoreOption {
  const n = Math.max(a.points.length, b.points.length);
  const xs = Array.from({ length: n }, (_, i) => {
    const p = a.points[i] ?? b.points[i];
    return p ? (xFrom === 'a' ? fmtBucket(p.t, a.bucket) : fmtTime(p.t)) : '';
  });
  return {
    ...BASE,
    tooltip: axisTooltip((v) => fmtMetric(metric, v)),
    xAxis: { type: 'category', data: xs, ...axisStyle },
    yAxis: isRate(metric) ? pctAxis : countAxis,
    series: [
      { name: names[0], type: 'line', smooth: true, data: a.points.map((p) => valueOf(p, metric)), lineStyle: { width: 3 } },
      { name: names[1], type: 'line', smooth: true, data: b.points.map((p) => valueOf(p, metric)), lineStyle: { type: 'dashed' } },
    ],
  };
}

/** Buckets of two series aligned by time (human vs robot share the clock). */
export function alignByTime(a: SeriesBody, b: SeriesBody): [SeriesBody, SeriesBody] {
  const ts = [...new Set([...a.points, ...b.points].map((p) => p.t))].sort((x, y) => x - y);
  const fill = (s: SeriesBody): SeriesBody => {
    const byT = new Map(s.points.map((p) => [p.t, p]));
    return { ...s, points: ts.map((t) => byT.get(t) ?? { t, counts: {}, rates: {} }) };
  };
  return [fill(a), fill(b)];
}
