import { agentsAnswerSchema, type Scope } from '@floorpulse/shared';
import { computed, onBeforeUnmount, type Ref, ref } from 'vue';
import { api, query } from '../lib/api';

/**
 * The wall's screen: a fixed scope (?scope=team:north), or the floor and then each team in turn
 * every `seconds` (?rotate=30). Teams are the ones with calls today, refreshed every ten minutes.
 */
export function useRotation(fixed: Scope | null, seconds: number | null) {
  const scopes = ref<Scope[]>([fixed ?? 'floor']);
  const index = ref(0);
  const timers: ReturnType<typeof setInterval>[] = [];

  async function loadTeams(): Promise<void> {
    try {
      const body = await api(`/api/v1/history/agents${query({ range: 'today' })}`, agentsAnswerSchema);
      const teams = [...new Set(body.rows.map((r) => r.teamId))].sort();
      scopes.value = ['floor', ...teams.map((id) => `team:${id}` as Scope)];
      if (index.value >= scopes.value.length) index.value = 0;
    } catch {
      // Keep rotating over what is known.
    }
  }
  if (!fixed && seconds) {
    void loadTeams();
    timers.push(setInterval(() => (index.value = (index.value + 1) % scopes.value.length), seconds * 1000));
    timers.push(setInterval(() => void loadTeams(), 600_000));
  }
  onBeforeUnmount(() => timers.forEach(clearInterval));

  const scope: Ref<Scope> = computed(() => scopes.value[index.value] ?? 'floor') as Ref<Scope>;
  const label = computed(() => (scopes.value.length > 1 ? `${index.value + 1} / ${scopes.value.length}` : undefined));
  return { scope, label };
}
