import { METRIC_KEYS, type MetricKey, metricValue, type RatesSnapshot, type Scope, seriesAnswerSchema } from '@floorpulse/shared';
import { type Ref, ref, watch } from 'vue';
import { api, query } from '../lib/api';
import { appendSample, type TrendPoint } from '../lib/trend';

/**
 * The tiles' sparklines: today's 15-minute buckets from the history API, then one point per
 * minute from the live 15-minute window (rates:update). Reloaded when the scope changes.
 */
export function useTrends(scope: Ref<Scope>) {
  const trends = ref<Partial<Record<MetricKey, TrendPoint[]>>>({});
  const error = ref<string | null>(null);

  async function load(s: Scope): Promise<void> {
    try {
      const body = await api(`/api/v1/history/series${query({ scope: s, range: 'today', bucket: '15m' })}`, seriesAnswerSchema);
      if (s !== scope.value) return;
      const next: Partial<Record<MetricKey, TrendPoint[]>> = {};
      for (const k of METRIC_KEYS) next[k] = body.points.map((p) => ({ t: p.t, v: metricValue(p.counts, p.rates, k) }));
      trends.value = next;
      error.value = null;
    } catch (e) {
      // The trend starts from the live samples only; the numbers themselves are unaffected.
      error.value = e instanceof Error ? e.message : String(e);
    }
  }

  /** Feed every rates:update of the 15-minute window of the current scope here. */
  function sample(s: RatesSnapshot): void {
    if (s.scope !== scope.value || s.window !== '15m') return;
    const t = Date.parse(s.to);
    const next = { ...trends.value };
    for (const k of METRIC_KEYS) next[k] = appendSample(next[k] ?? [], { t, v: metricValue(s.counts, s.rates, k) }, 60_000);
    trends.value = next;
  }

  watch(
    scope,
    (s) => {
      trends.value = {};
      void load(s);
    },
    { immediate: true },
  );
  return { trends, sample, error };
}
