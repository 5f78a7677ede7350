import type { ClickHouseClient } from '@clickhouse/client';
import type { RosterAgent, RosterAgentVersion, RosterChange, RosterTeam } from '@floorpulse/shared';
import type { Observer, SchedulerLike } from 'rxjs';
import {
  insertRosterAgents,
  insertRosterTeams,
  loadAgentVersions,
  loadRosterAgents,
  loadRosterTeams,
  type Versioned,
} from './roster-repo.js';

/** What the rest of the server reads of the roster: the agent directory, the route, the compliance zones. */
export interface RosterView {
  agent(id: string): RosterAgent | undefined;
  team(id: string): RosterTeam | undefined;
}

/** A roster with nobody in it: what a replay that has no roster of its own reads. */
export const EMPTY_ROSTER: RosterView = { agent: () => undefined, team: () => undefined };

const sameAgent = (a: RosterAgent | undefined, b: RosterAgent) =>
  !!a &&
  a.name === b.name &&
  a.teamId === b.teamId &&
  a.channel === b.channel &&
  (a.supervisor ?? '') === (b.supervisor ?? '') &&
  a.active === b.active;
const sameTeam = (a: RosterTeam | undefined, b: RosterTeam) =>
  !!a &&
  a.name === b.name &&
  a.timeZone === b.timeZone &&
  a.supervisors.join(' ') === b.supervisors.join(' ') &&
  (a.shiftEnd ?? '') === (b.shiftEnd ?? '');
/** A change that does not name the shift end (a CSV import: no column for it) keeps the stored one. */
const keepShiftEnd = (cur: RosterTeam | undefined, t: RosterTeam): RosterTeam =>
  t.shiftEnd === undefined && cur?.shiftEnd ? { ...t, shiftEnd: cur.shiftEnd } : t;

/**
 * The roster (docs/people.md, "Roster"): agents and robot lines with their names, teams with their
 * time zones. In memory for every lookup (each alert text, each board), stored in ClickHouse as
 * versions. A change is written, then kept, then announced on `changes` (every screen renames at
 * once); a version equal to the current one is not written again, so the history holds only changes.
 * Several processes (REDIS_URL) each refresh from ClickHouse every 10 s, like the users.
 */
export class Roster implements RosterView {
  private agents = new Map<string, Versioned<RosterAgent>>();
  private teams = new Map<string, Versioned<RosterTeam>>();
  private writes: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: { client: ClickHouseClient; scheduler: SchedulerLike; changes: Observer<RosterChange> }) {}

  async refresh(): Promise<void> {
    const [agents, teams] = await Promise.all([loadRosterAgents(this.o.client), loadRosterTeams(this.o.client)]);
    this.agents = new Map(agents.map((a) => [a.value.id, a]));
    this.teams = new Map(teams.map((t) => [t.value.id, t]));
  }

  agent(id: string): RosterAgent | undefined {
    return this.agents.get(id)?.value;
  }

  team(id: string): RosterTeam | undefined {
    return this.teams.get(id)?.value;
  }

  listAgents(): RosterAgent[] {
    return [...this.agents.values()].map((a) => a.value).sort((a, b) => a.id.localeCompare(b.id));
  }

  listTeams(): RosterTeam[] {
    return [...this.teams.values()].map((t) => t.value).sort((a, b) => a.id.localeCompare(b.id));
  }

  /** Every stored version of an agent, oldest first, from ClickHouse (the history, not the memory). */
  versions(id: string): Promise<RosterAgentVersion[]> {
    return loadAgentVersions(this.o.client, id);
  }

  /** Writes the agents and teams that differ from the roster, as one change by `by`; returns what changed. */
  put(change: RosterChange, by: string): Promise<RosterChange> {
    // One at a time: two admins' changes of the same agent get two versions, in order.
    const run = this.writes.then(() => this.write(change, by));
    this.writes = run.catch(() => undefined);
    return run;
  }

  private async write(change: RosterChange, by: string): Promise<RosterChange> {
    const now = this.o.scheduler.now();
    // Strictly after the version before: "the latest version" is the highest `at`, even on a clock that stood still.
    const next = <T>(cur: Versioned<T> | undefined, value: T): Versioned<T> => ({ value, at: Math.max(now, (cur?.at ?? -1) + 1) });
    const agents = change.agents.filter((a) => !sameAgent(this.agents.get(a.id)?.value, a)).map((a) => next(this.agents.get(a.id), a));
    const teams = change.teams
      .map((t) => keepShiftEnd(this.teams.get(t.id)?.value, t))
      .filter((t) => !sameTeam(this.teams.get(t.id)?.value, t))
      .map((t) => next(this.teams.get(t.id), t));
    await Promise.all([insertRosterAgents(this.o.client, agents, by), insertRosterTeams(this.o.client, teams, by)]);
    for (const a of agents) this.agents.set(a.value.id, a);
    for (const t of teams) this.teams.set(t.value.id, t);
    const changed = { agents: agents.map((a) => a.value), teams: teams.map((t) => t.value) };
    if (changed.agents.length || changed.teams.length) this.o.changes.next(changed);
    return changed;
  }
}
