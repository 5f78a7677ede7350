import type { Channel, StoredEvent } from '@floorpulse/shared';

/**
 * Stamps each call event with its channel so that `channel = 'robot'` over call_events is the channel
 * scope, in SQL and live alike (docs/data-model.md, `channel`). The channel is the event's own, else
 * its call's dial, else the agent's latest dial (the agent directory's: a robot line only ever dials as
 * a robot), else none. The calls are remembered here; the agents' latest dials are the directory's.
 */
/** Each agent's latest dial, kept outside ingest (the agent directory, agents/agent-directory.ts). */
export interface AgentChannels {
  channelOf(agentId: string): Channel | undefined;
  noteDial(agentId: string, channel: Channel): void;
}

export class ChannelResolver {
  private readonly calls = new Map<string, Channel>();
  /**
   * call id → the screening robot call of a hot-lead follow-up (docs/metrics.md, "Hot leads"): stamped
   * on the call's other events so `lead_call_id != ''` selects every event of the follow-up, in SQL and
   * live alike. Only follow-ups are kept, bounded like `calls`.
   */
  private readonly leads = new Map<string, string>();

  /** `maxCalls`: bound on remembered calls: the oldest are forgotten first, the agent fallback covers them. */
  constructor(private readonly o: { agents: AgentChannels; maxCalls?: number }) {}

  /** Learns from every dial in the batch first, so a batch carrying answer-before-dial is resolved. */
  resolve(events: StoredEvent[]): StoredEvent[] {
    this.learn(events);
    return events.map((e) => {
      if (!('callId' in e)) return e;
      const leadCallId = e.type === 'call.dialed' ? undefined : this.leads.get(e.callId);
      if (e.channel && !leadCallId) return e;
      const channel = e.channel ?? this.calls.get(e.callId) ?? this.o.agents.channelOf(e.agentId);
      return { ...e, ...(channel ? { channel } : {}), ...(leadCallId ? { leadCallId } : {}) };
    });
  }

  /** The dials among `events`: their calls' channels, and their agents' in the directory. */
  learn(events: readonly StoredEvent[]): void {
    const maxCalls = this.o.maxCalls ?? 200_000;
    for (const e of events) {
      if (e.type !== 'call.dialed') continue;
      this.calls.set(e.callId, e.channel);
      this.o.agents.noteDial(e.agentId, e.channel);
      if (this.calls.size > maxCalls) {
        const oldest = this.calls.keys().next().value;
        if (oldest !== undefined) this.calls.delete(oldest);
      }
      if (!e.leadCallId) continue;
      this.leads.set(e.callId, e.leadCallId);
      if (this.leads.size > maxCalls) {
        const oldest = this.leads.keys().next().value;
        if (oldest !== undefined) this.leads.delete(oldest);
      }
    }
  }
}
