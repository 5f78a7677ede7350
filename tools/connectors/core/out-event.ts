import type { AnsweredBy, CallEvent, Channel } from '@floorpulse/shared';
import type { Identity } from '../../../server/src/dialers/mapping-file.js';
import type { ConnectorStats } from './connector-stats.js';

export type { AnsweredBy } from '@floorpulse/shared';

/**
 * Abandoned (docs/metrics.md): an answered call of a person's line that no agent took, i.e. never bridged.
 * A robot line's call is taken by its robot, which answers it in the dialplan (no bridge to wait for), and a
 * call AMD found an answering machine on had no one to abandon (regulators count abandoned calls among
 * live ones).
 */
export function isAbandoned(o: { bridged: boolean; channel: Channel; answeredBy: AnsweredBy | undefined }): boolean {
  return !o.bridged && o.channel === 'human' && o.answeredBy !== 'machine';
}

/** What a connector sends: the contract's events (answeredBy and abandoned included). */
export type OutEvent = CallEvent;

/** Where a mapper puts the FloorPulse events it derived (the connector hands them to delivery). */
export type EventSink = (events: OutEvent[]) => void;

/** A call event as a mapper derives it from the dialer, before it is put on its agent and call. */
export type CallFacts = { type: OutEvent['type']; id: string; ts: number } & Record<string, unknown>;

/** The event on its call: the mapping's team, agent, channel and campaign (when the row names one), and the call's id. */
export function onCall(e: CallFacts, identity: Identity, callId: string): OutEvent {
  const { agentId, teamId, channel, campaignId } = identity;
  return { ...e, teamId, agentId, channel, callId, ...(campaignId ? { campaignId } : {}) } as OutEvent;
}

/** A mapper's sink: every event is counted by type (the connector's stats line) before it is handed on. */
export function countedSink(stats: ConnectorStats, emit: EventSink): EventSink {
  return (events) => {
    for (const e of events) stats.countMapped(e.type);
    emit(events);
  };
}

/**
 * A dialer's messages in, FloorPulse events out through the sink. Every source (AMI, ESL, the later
 * webhook) implements this one interface over the shared mapping (mapping/) and delivery (delivery/).
 */
export interface SourceMapper<M> {
  handle(message: M): void;
  /** Emits what is held back (an answered call waiting for its AMD result, an end waiting for its CDR). */
  flush(): void;
}
