import type { Channel, StoredEvent, UnlistedAgent } from '@floorpulse/shared';
import type { RosterView } from './roster.js';

/** What the rest of the server asks about an agent: rules, realtime and the backtest read only this. */
export interface AgentLookup {
  /** The team of the agent's latest event, else its roster team; undefined for an agent never seen nor listed. */
  teamOf(agentId: string): string | undefined;
  /** The channel of the agent's latest dial, else its roster channel; undefined for neither. */
  channelOf(agentId: string): Channel | undefined;
  /** A robot dialer line: the roster says so, else its latest dial was on the robot channel. */
  isRobot(agentId: string): boolean;
  /** The name screens and texts show: the roster's, else the id (an agent not in the roster still counts). */
  nameOf(agentId: string): string;
  /** A team's name in the roster, else its id. */
  teamNameOf(teamId: string): string;
}

/** One agent as the seed query reads it (agents-repo.ts). */
export interface AgentRow {
  agentId: string;
  teamId: string;
  channel?: Channel | undefined;
  /** Its latest event's ts. */
  lastSeen?: number | undefined;
}

/**
 * Who each agent is, in one place for the whole server: what the events say, and what the roster
 * says (agents/roster.ts). The events' part is seeded at start by one query over call_events
 * (agents-repo.ts), then kept current:
 * - the team from every stored batch (`noteStored` on stored$: this process's batches and its peers');
 * - the channel from every dial as ingest takes it in (`noteDial`, from the ChannelResolver): an event
 *   that comes after its agent's dial is stamped with that channel even before the dial is stored, the
 *   rule of docs/data-model.md (`channel`).
 * Numbers follow the events (a team's numbers are its events' team_id, as in SQL); the roster answers
 * names, and whether a line is a person or a robot (the people's rules and boards: docs/people.md).
 */
export class AgentDirectory implements AgentLookup {
  private readonly teams = new Map<string, string>();
  private readonly channels = new Map<string, Channel>();
  private readonly lastSeen = new Map<string, number>();

  constructor(private readonly roster: RosterView) {}

  seed(rows: Iterable<AgentRow>): void {
    for (const r of rows) {
      this.teams.set(r.agentId, r.teamId);
      if (r.channel) this.channels.set(r.agentId, r.channel);
      if (r.lastSeen !== undefined) this.lastSeen.set(r.agentId, r.lastSeen);
    }
  }

  /** A stored batch: each event's agent is in its team (the latest one wins, should it have moved). */
  noteStored(events: readonly StoredEvent[]): void {
    for (const e of events) {
      this.teams.set(e.agentId, e.teamId);
      if (e.ts > (this.lastSeen.get(e.agentId) ?? -Infinity)) this.lastSeen.set(e.agentId, e.ts);
    }
  }

  /** A dial taken in: its agent's channel from now on. */
  noteDial(agentId: string, channel: Channel): void {
    this.channels.set(agentId, channel);
  }

  /** Agents seen in events but not in the roster, the most recently seen first: the admin page's "not in the roster". */
  unlisted(): UnlistedAgent[] {
    const out: UnlistedAgent[] = [];
    for (const [id, teamId] of this.teams) {
      if (this.roster.agent(id)) continue;
      out.push({ id, teamId, channel: this.channels.get(id) ?? null, lastSeen: new Date(this.lastSeen.get(id) ?? 0).toISOString() });
    }
    return out.sort((a, b) => (a.lastSeen < b.lastSeen ? 1 : a.lastSeen > b.lastSeen ? -1 : a.id.localeCompare(b.id)));
  }

  // Bound, so that each can be handed on alone (`teamOf: agents.teamOf`), as the rule engines take it.
  readonly teamOf = (agentId: string): string | undefined => this.teams.get(agentId) ?? this.roster.agent(agentId)?.teamId;
  readonly channelOf = (agentId: string): Channel | undefined => this.channels.get(agentId) ?? this.roster.agent(agentId)?.channel;
  readonly isRobot = (agentId: string): boolean => (this.roster.agent(agentId)?.channel ?? this.channels.get(agentId)) === 'robot';
  readonly nameOf = (agentId: string): string => this.roster.agent(agentId)?.name ?? agentId;
  readonly teamNameOf = (teamId: string): string => this.roster.team(teamId)?.name ?? teamId;
}
