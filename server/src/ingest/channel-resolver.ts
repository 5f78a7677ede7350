import type { Channel, StoredEvent } from '@floorpulse/shared';

/**
 * Stamps each call event with its channel so that `channel = 'robot'` over call_events is the channel
 * scope, in SQL and live alike. The channel is the event's own, else its call's dial, else the
 * agent's latest dial (a robot line only ever dials as a robot), else none.
 */
export class ChannelResolver {
  private readonly calls = new Map<string, Channel>();
  private readonly agents = new Map<string, Channel>();

  /** @param maxCalls bound on remembered calls: the oldest are forgotten first, the agent fallback covers them. */
  constructor(private readonly maxCalls = 200_000) {}

  learnAgents(agents: ReadonlyMap<string, Channel>): void {
    for (const [a, c] of agents) this.agents.set(a, c);
  }

  /** Learns from every dial in the batch first, so a batch carrying answer-before-dial is resolved. */
  resolve(events: StoredEvent[]): StoredEvent[] {
    for (const e of events) {
      if (e.type === 'call.dialed') {
        this.calls.set(e.callId, e.channel);
        this.agents.set(e.agentId, e.channel);
        if (this.calls.size > this.maxCalls) {
          const oldest = this.calls.keys().next().value;
          if (oldest !== undefined) this.calls.delete(oldest);
        }
      }
    }
    return events.map((e) => {
      if (!('callId' in e) || e.channel) return e;
      const channel = this.calls.get(e.callId) ?? this.agents.get(e.agentId);
      return channel ? { ...e, channel } : e;
    });
  }
}
