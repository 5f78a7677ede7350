import { type HelpReason, type HelpRequest, helpAnswerSchema } from '@floorpulse/shared';
import { computed, onBeforeUnmount, ref } from 'vue';
import { api } from '../lib/api';
import { locale } from '../lib/i18n';
import { useSocket } from './useSocket';

/**
 * My help request: read once (GET /api/v1/me/help), then live from `me:help` (sent → a supervisor is
 * coming, with their name and note → resolved). Asking twice while one is open answers the open one.
 */
export function useHelp() {
  const { socket } = useSocket();
  const request = ref<HelpRequest | null>(null);
  const busy = ref(false);
  const error = ref<string | null>(null);
  const open = computed(() => request.value?.status === 'sent' || request.value?.status === 'acknowledged');

  const accept = (h: { request: HelpRequest | null }) => {
    request.value = h.request;
  };
  api('/api/v1/me/help', helpAnswerSchema).then(accept, () => {
    // The page says why (useMe): signed out, not an agent.
  });
  socket.on('me:help', accept);
  onBeforeUnmount(() => socket.off('me:help', accept));

  async function change(method: 'POST' | 'DELETE', body?: object): Promise<void> {
    busy.value = true;
    error.value = null;
    try {
      // The session's CSRF token comes with every change (lib/api.ts).
      accept(await api('/api/v1/me/help', helpAnswerSchema, { method, ...(body ? { body } : {}) }));
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e);
    } finally {
      busy.value = false;
    }
  }
  const ask = (reason: HelpReason | null, text: string) =>
    change('POST', { ...(reason ? { reason } : {}), ...(text.trim() ? { text: text.trim() } : {}), lang: locale.value });
  const cancel = () => change('DELETE');
  return { request, open, busy, error, ask, cancel };
}
