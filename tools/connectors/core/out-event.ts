import type { CallAnswered, CallEnded, CallEvent } from '@floorpulse/shared';
import type { Identity } from '../mapping/mapping-file.js';
import type { ConnectorStats } from './connector-stats.js';

/** Who answered, from the dialer's answering-machine detection (AMI AMDSTATUS, FreeSWITCH amd_result). */
export type AnsweredBy = 'human' | 'machine' | 'unknown';

/**
 * The two fields the contract will carry once its owners add them (docs/connectors.md "Contract
 * extensions"): `answeredBy` on call.answered, `abandoned` on call.ended. The mappers compute both always;
 * they are put on the events only when switched on, because today's contract is strict and FloorPulse
 * refuses an event with an unknown field.
 */
export interface ContractExtensions {
  answeredBy: boolean;
  abandoned: boolean;
}

export const NO_EXTENSIONS: ContractExtensions = { answeredBy: false, abandoned: false };

export type OutEvent =
  | Exclude<CallEvent, CallAnswered | CallEnded>
  | (CallAnswered & { answeredBy?: AnsweredBy })
  | (CallEnded & { abandoned?: boolean });

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
