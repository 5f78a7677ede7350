import type { Celebration } from '@floorpulse/shared';

/** A sale celebration of agent n1 (team north), as the realtime suites emit it and follow it by id. */
export const saleCelebration = (id: string, at: string, detail = `sale ${id}`): Celebration => ({
  id,
  kind: 'sale',
  agentId: 'n1',
  teamId: 'north',
  title: 'Sale!',
  detail,
  at,
});
