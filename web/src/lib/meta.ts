import { type DisplayLink, type FloorTargets, type MetaAnswer, metaAnswerSchema, type Role } from '@floorpulse/shared';
import { reactive } from 'vue';
import { api } from './api';

/**
 * From GET /api/v1/meta (loaded once the credential is accepted): the floor's zone, the role, who is
 * asking (a person's name and teams), for a TV its display link (what its wall shows), and the floor's
 * targets, currency and celebration share.
 */
export const meta = reactive<{
  floorTz: string;
  version: string;
  role: Role | null;
  demo: boolean;
  who: MetaAnswer['who'] | null;
  display: DisplayLink | null;
  targets: FloorTargets | null;
  currency: string | null;
  celebrationShare: number | null;
}>({
  floorTz: Intl.DateTimeFormat().resolvedOptions().timeZone,
  version: '',
  role: null,
  demo: false,
  who: null,
  display: null,
  // null until the server said: a tile then shows no target and no colour rather than a guessed one.
  targets: null,
  // null until the server said: revenue is then a plain number, never in a guessed currency.
  currency: null,
  // null until the server said: no limit rather than a guessed one.
  celebrationShare: null,
});

export async function loadMeta(): Promise<MetaAnswer> {
  const m = await api('/api/v1/meta', metaAnswerSchema);
  Object.assign(meta, { ...m, display: m.display ?? null });
  return m;
}
