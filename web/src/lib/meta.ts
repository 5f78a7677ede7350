import { reactive } from 'vue';
import type { Role } from '@floorpulse/shared';
import { api } from './api';

export interface Meta { floorTz: string; version: string; role: Role; demo: boolean }

/** The floor's zone and this token's role, from GET /api/v1/meta (loaded once the token is accepted). */
export const meta = reactive<{ floorTz: string; version: string; role: Role | null; demo: boolean }>({
  floorTz: Intl.DateTimeFormat().resolvedOptions().timeZone,
  version: '',
  role: null,
  demo: false,
});

export async function loadMeta(): Promise<Meta> {
  const m = await api<Meta>('/api/v1/meta');
  Object.assign(meta, m);
  return m;
}
