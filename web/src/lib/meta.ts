import { type DisplayLink, type MetaAnswer, metaAnswerSchema, type Role } from '@floorpulse/shared';
import { reactive } from 'vue';
import { api } from './api';

/**
 * From GET /api/v1/meta (loaded once the credential is accepted): the floor's zone, the role, who is
 * asking (a person's name and teams), and for a TV its display link (what its wall shows).
 */
export const meta = reactive<{
  floorTz: string;
  version: string;
  role: Role | null;
  demo: boolean;
  who: MetaAnswer['who'] | null;
  display: DisplayLink | null;
}>({
  floorTz: Intl.DateTimeFormat().resolvedOptions().timeZone,
  version: '',
  role: null,
  demo: false,
  who: null,
  display: null,
});

export async function loadMeta(): Promise<MetaAnswer> {
  const m = await api('/api/v1/meta', metaAnswerSchema);
  Object.assign(meta, { ...m, display: m.display ?? null });
  return m;
}
