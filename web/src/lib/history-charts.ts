import { type AgentsAnswer, type MetricKey, metricValue, type SeriesAnswer, type SeriesPoint } from '@floorpulse/shared';
import type { EChartsCoreOption } from './echarts';
import { fmtBucket, fmtMetric, fmtTime, isRate } from './format';
import { type MessageKey, t } from './i18n';

/** A bucket one series of a pair has and the other has not: no numbers at all, a gap and "—", never 0. */
export interface Gap {
  t: number;
  counts?: undefined;
  rates?: undefined;
}
/** A series aligned by time with another one (human vs robot): its missing buckets are gaps. */
export type AlignedSeries = Omit<SeriesAnswer, 'points'> & { points: (SeriesPoint | Gap)[] };
const label = (k: MetricKey) => t(`metric.${k}` as MessageKey);
/**
 * Axis tooltips drawn by ECharts on the canvas ('richText'), not as HTML: the HTML tooltip writes style
 * attributes, which the server's Content-Security-Policy blocks (style-src 'self', server/src/http/security-headers.ts).
 */
const axisTooltip = (valueFormatter?: (v: number | null) => string) => ({
  trigger: 'axis',
  renderMode: 'richText',
  ...(valueFormatter ? { valueFormatter } : {}),
});

const BASE = {
  animation: false,
  backgroundColor: 'transparent',
  textStyle: { color: '#c9d3e3' },
  legend: { top: 0, textStyle: { color: '#c9d3e3' } },
  tooltip: axisTooltip(),
  grid: { left: 56, right: 56, top: 36, bottom: 30 },
};
const axisStyle = { axisLine: { lineStyle: { color: '#3a4456' } }, splitLine: { lineStyle: { color: '#1f2838' } } };
/**
 * An axis tick as a percentage with the decimals it needs: abandon and complaint rates live at 0.5–3 %,
 * where whole percents printed "1%, 1%, 2%, 2%" for ticks 0.5 % apart.
 */
export const pctLabel = (v: number): string => `${Number((v * 100).toFixed(2))}%`;
const pctAxis = { type: 'value', min: 0, axisLabel: { formatter: pctLabel }, ...axisStyle };
const countAxis = { type: 'value', ...axisStyle, splitLine: { show: false } };

/** Rates on the left axis (0–100%), counts on the right: one chart, no misleading shared scale. */
export function seriesOption(body: SeriesAnswer, metrics: readonly MetricKey[]): EChartsCoreOption {
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
      data: body.points.map((p) => metricValue(p.counts, p.rates, m)),
      connectNulls: false,
      smooth: true,
    })),
  };
}

export function seriesCsv(body: SeriesAnswer, metrics: readonly MetricKey[]): { header: string[]; rows: unknown[][] } {
  return {
    header: ['bucket_start_utc', 'bucket_local', ...metrics],
    rows: body.points.map((p) => [
      new Date(p.t).toISOString(),
      fmtBucket(p.t, body.bucket),
      ...metrics.map((m) => metricValue(p.counts, p.rates, m) ?? ''),
    ]),
  };
}

/** `name`: the agent's roster name (people first on the axis), its id when the roster does not list it. */
export function agentsOption(body: AgentsAnswer, metric: MetricKey, name: (agentId: string) => string = (id) => id): EChartsCoreOption {
  const rows = [...body.rows]
    .sort((a, b) => (metricValue(b.counts, b.rates, metric) ?? -1) - (metricValue(a.counts, a.rates, metric) ?? -1))
    .slice(0, 30);
  return {
    ...BASE,
    tooltip: axisTooltip((v) => fmtMetric(metric, v)),
    xAxis: { type: 'category', data: rows.map((r) => name(r.agentId)), axisLabel: { rotate: 30 }, ...axisStyle },
    yAxis: isRate(metric) ? pctAxis : countAxis,
    series: [
      { name: label(metric), type: 'bar', data: rows.map((r) => metricValue(r.counts, r.rates, metric)), itemStyle: { color: '#4ea1ff' } },
    ],
  };
}

/** Two series on the same x (position in the range), so this week and last week line up day by day. */
export function compareOption(
  a: AlignedSeries,
  b: AlignedSeries,
  names: [string, string],
  metric: MetricKey,
  xFrom: 'a' | 'time' = 'a',
): EChartsCoreOption {
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
      {
        name: names[0],
        type: 'line',
        smooth: true,
        data: a.points.map((p) => metricValue(p.counts, p.rates, metric)),
        lineStyle: { width: 3 },
      },
      {
        name: names[1],
        type: 'line',
        smooth: true,
        data: b.points.map((p) => metricValue(p.counts, p.rates, metric)),
        lineStyle: { type: 'dashed' },
      },
    ],
  };
}

/** Buckets of two series aligned by time (human vs robot share the clock). */
export function alignByTime(a: SeriesAnswer, b: SeriesAnswer): [AlignedSeries, AlignedSeries] {
  const ts = [...new Set([...a.points, ...b.points].map((p) => p.t))].sort((x, y) => x - y);
  const fill = (s: SeriesAnswer): AlignedSeries => {
    const byT = new Map(s.points.map((p) => [p.t, p]));
    return { ...s, points: ts.map((t): SeriesPoint | Gap => byT.get(t) ?? { t }) };
  };
  return [fill(a), fill(b)];
}
