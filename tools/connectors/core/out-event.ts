import type { CallAnswered, CallEnded, CallEvent } from '@floorpulse/shared';

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

/**
 * A dialer's messages in, FloorPulse events out through the sink. Every source (AMI, ESL, the later
 * webhook) implements this one interface over the shared mapping (mapping/) and delivery (delivery/).
 */
export interface SourceMapper<M> {
  handle(message: M): void;
  /** Emits what is held back (an answered call waiting for its AMD result, an end waiting for its CDR). */
  flush(): void;
}
