import type { RosterAgent, RosterAnswer, RosterChange, RosterTeam, UnlistedAgent } from '@floorpulse/shared';
import { reactive } from 'vue';
import { t } from './i18n';

/**
 * The roster as the page knows it: loaded from GET /api/v1/roster, then changed by `roster:update`.
 * Reactive, so every name on screen follows an admin's change without a reload.
 */
export class RosterNames {
  readonly agents = reactive(new Map<string, RosterAgent>());
  readonly teams = reactive(new Map<string, RosterTeam>());
  readonly unlisted = reactive<{ list: UnlistedAgent[]; total: number }>({ list: [], total: 0 });

  load(answer: RosterAnswer): void {
    this.agents.clear();
    this.teams.clear();
    this.apply(answer);
    this.unlisted.list = answer.unlisted;
    this.unlisted.total = answer.unlistedTotal;
  }

  apply(change: RosterChange): void {
    for (const a of change.agents) this.agents.set(a.id, a);
    for (const tm of change.teams) this.teams.set(tm.id, tm);
    // An agent just added is not "not in the roster" any more.
    const before = this.unlisted.list.length;
    this.unlisted.list = this.unlisted.list.filter((u) => !this.agents.has(u.id));
    this.unlisted.total = Math.max(0, this.unlisted.total - (before - this.unlisted.list.length));
  }

  /** People first: the roster's name; the id for an agent it does not list (it still counts). */
  name = (agentId: string): string => this.agents.get(agentId)?.name ?? agentId;

  /** A team's name, else "Team north" in the screen's language. */
  teamName = (teamId: string): string => this.teams.get(teamId)?.name ?? t('team', { id: teamId });

  isRobot = (agentId: string): boolean => this.agents.get(agentId)?.channel === 'robot';
}

/**
 * The page's roster: components that show a name read it (reactive); a page keeps it loaded and live
 * with useRoster(), which owns the request and the socket listener.
 */
export const roster = new RosterNames();
