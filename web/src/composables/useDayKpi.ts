import { scoresAnswerSchema } from '@floorpulse/shared';
import { computed } from 'vue';
import { api } from '../lib/api';
import { usePolled } from './usePolled';

/** Today's KPI score of every agent (GET /api/v1/scores?period=day: the score SQL), read every minute; for the supervisors' table. */
export function useDayKpi() {
  const { value, failed } = usePolled(() => api('/api/v1/scores?period=day', scoresAnswerSchema), 60_000);
  const kpi = computed(() => new Map((value.value?.agents ?? []).map((a) => [a.agentId, a.kpi.score])));
  return { kpi, failed };
}
