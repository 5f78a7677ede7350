import type { Channel, StoredEvent } from '@floorpulse/shared';

/** What the rest of the server asks about an agent: rules, realtime and the backtest read only this. */
export interface AgentLookup {
  /** The team of the agent's latest event; undefined for an agent never seen. */
  teamOf(agentId: string): string | undefined;
  /** The channel of the agent's latest dial; undefined for an agent that never dialled. */
  channelOf(agentId: string): Channel | undefined;
  /** A robot dialer line: its latest dial was on the robot channel (a robot line only dials as a robot). */
  isRobot(agentId: string): boolean;
}

/** One agent as the seed query reads it (agents-repo.ts). */
export interface AgentRow {
  agentId: string;
  teamId: string;
  channel?: Channel | undefined;
}

/**
 * Who each agent is, as the events say, in one place for the whole server. Seeded at start by one
 * query over call_events (agents-repo.ts), then kept current:
 * - the team from every stored batch (`noteStored` on stored$: this process's batches and its peers');
 * - the channel from every dial as ingest takes it in (`noteDial`, from the ChannelResolver): an event
 *   that comes after its agent's dial is stamped with that channel even before the dial is stored, the
 *   rule of docs/data-model.md (`channel`).
 * The roster (names, supervisors, active or left, a team's time zone) is to grow here.
 */
export class AgentDirectory implements AgentLookup {
  private readonly teams = new Map<string, string>();
  private readonly channels = new Map<string, Channel>();

  seed(rows: Iterable<AgentRow>): void {
    for (const r of rows) {
      this.teams.set(r.agentId, r.teamId);
      if (r.channel) this.channels.set(r.agentId, r.channel);
    }
  }

  /** A stored batch: each event's agent is in its team (the latest one wins, should it have moved). */
  noteStored(events: readonly StoredEvent[]): void {
    for (const e of events) this.teams.set(e.agentId, e.teamId);
  }

  /** A dial taken in: its agent's channel from now on. */
  noteDial(agentId: string, channel: Channel): void {
    this.channels.set(agentId, channel);
  }

  // Bound, so that each can be handed on alone (`teamOf: agents.teamOf`), as the rule engines take it.
  readonly teamOf = (agentId: string): string | undefined => this.teams.get(agentId);
  readonly channelOf = (agentId: string): Channel | undefined => this.channels.get(agentId);
  readonly isRobot = (agentId: string): boolean => this.channels.get(agentId) === 'robot';
}
