import { agentsAnswerSchema } from '@floorpulse/shared';
import { computed, ref } from 'vue';
import { api, query } from '../lib/api';

/**
 * The team and agent ids seen on the floor in the last 30 days, offered as suggestions where an admin
 * types one (a user's teams, their roster agent, a display's scope). Suggestions only: the server
 * checks what is saved, and an id not seen yet is still allowed.
 */
export function useKnownFloor() {
  const rows = ref<{ agentId: string; teamId: string }[]>([]);
  void api(`/api/v1/history/agents${query({ range: '30d', scope: 'floor' })}`, agentsAnswerSchema).then(
    (a) => (rows.value = a.rows),
    () => {
      // No suggestions: the fields still take any id.
    },
  );
  const teams = computed(() => [...new Set(rows.value.map((r) => r.teamId))].sort());
  const agents = computed(() => rows.value.map((r) => r.agentId).sort());
  return { teams, agents };
}
