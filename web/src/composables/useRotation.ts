import { agentsAnswerSchema, type Scope } from '@floorpulse/shared';
import { computed, onBeforeUnmount, type Ref, ref } from 'vue';
import { api, query } from '../lib/api';

/**
 * The wall's screen: a fixed scope (?scope=team:north), or the floor and then each team in turn
 * every `seconds` (?rotate=30). Teams are the ones with calls today, refreshed every ten minutes.
 * `withHonours` (?honours=on): the honour roll takes a turn after the last team (`onHonours`).
 */
export function useRotation(fixed: Scope | null, seconds: number | null, withHonours = false) {
  const scopes = ref<Scope[]>([fixed ?? 'floor']);
  const index = ref(0);
  const timers: ReturnType<typeof setInterval>[] = [];
  const slots = computed(() => scopes.value.length + (withHonours ? 1 : 0));

  async function loadTeams(): Promise<void> {
    try {
      const body = await api(`/api/v1/history/agents${query({ range: 'today' })}`, agentsAnswerSchema);
      const teams = [...new Set(body.rows.map((r) => r.teamId))].sort();
      scopes.value = ['floor', ...teams.map((id) => `team:${id}` as Scope)];
      if (index.value >= slots.value) index.value = 0;
    } catch {
      // Keep rotating over what is known.
    }
  }
  if (!fixed && seconds) {
    void loadTeams();
    timers.push(setInterval(() => (index.value = (index.value + 1) % slots.value), seconds * 1000));
    timers.push(setInterval(() => void loadTeams(), 600_000));
  }
  onBeforeUnmount(() => timers.forEach(clearInterval));

  const scope: Ref<Scope> = computed(() => scopes.value[index.value] ?? 'floor') as Ref<Scope>;
  const label = computed(() => (slots.value > 1 ? `${index.value + 1} / ${slots.value}` : undefined));
  const onHonours = computed(() => withHonours && index.value === scopes.value.length);
  return { scope, label, onHonours };
}
