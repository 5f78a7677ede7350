import { type FloorTargets, type MetaAnswer, metaAnswerSchema, type Role } from '@floorpulse/shared';
import { reactive } from 'vue';
import { api } from './api';

/** The floor's zone and this token's role, from GET /api/v1/meta (loaded once the token is accepted). */
export const meta = reactive<{
  floorTz: string;
  version: string;
  role: Role | null;
  demo: boolean;
  targets: FloorTargets | null;
  currency: string | null;
  celebrationShare: number | null;
}>({
  floorTz: Intl.DateTimeFormat().resolvedOptions().timeZone,
  version: '',
  role: null,
  demo: false,
  // null until the server said: a tile then shows no target and no colour rather than a guessed one.
  targets: null,
  // null until the server said: revenue is then a plain number, never in a guessed currency.
  currency: null,
  // null until the server said: no limit rather than a guessed one.
  celebrationShare: null,
});

export async function loadMeta(): Promise<MetaAnswer> {
  const m = await api('/api/v1/meta', metaAnswerSchema);
  Object.assign(meta, m);
  return m;
}
