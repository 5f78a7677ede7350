import type { HangupBy } from '@floorpulse/shared';
import type { Subscription } from 'rxjs';
import type { Identity } from '../../../server/src/dialers/mapping-file.js';
import type { AnsweredBy } from '../core/out-event.js';

/** One dial attempt to a customer: the customer leg (its Uniqueid is the call), and what is known of it. */
export interface AmiCall {
  callId: string;
  customerUid: string;
  customerChannel: string;
  agentUid?: string;
  /** null: the agent is unknown and the mapping drops such calls (counted once, at the dial). */
  identity: Identity | null;
  answeredAt?: number;
  answeredSent: boolean;
  ended: boolean;
  /** Who asked to hang up first (a HangupRequest, not a SoftHangupRequest), or a queue's AgentComplete. */
  hangupBy?: HangupBy;
  /** TalkTime of a queue's AgentComplete, or BillableSeconds of a Cdr that came before the Hangup. */
  talkSeconds?: number;
  amd?: AnsweredBy;
  /** Bridged with another party (an agent): false at the end of an answered call means abandoned. */
  bridged: boolean;
  /** An end waiting for its Cdr, or an answer waiting for its AMD result. */
  held?: Subscription;
  pendingEnd?: { ts: number; hangupBy: HangupBy };
}

/**
 * The calls a connection knows, by customer Uniqueid, with lookups by agent leg, Linkedid and channel
 * name. Ended calls stay (a disposition UserEvent comes after the hangup) until `max` calls are held; then
 * the oldest go first, and an open call forgotten that way is reported by `onForget`.
 */
export class AmiCallStore {
  private readonly calls = new Map<string, AmiCall>();
  private readonly byAgentLeg = new Map<string, string[]>();
  private readonly byLinked = new Map<string, string>();
  private readonly byChannel = new Map<string, string>();

  constructor(
    private readonly max: number,
    private readonly onForget: (call: AmiCall) => void,
  ) {}

  get(customerUid: string | undefined): AmiCall | undefined {
    return customerUid === undefined ? undefined : this.calls.get(customerUid);
  }

  add(call: AmiCall, linkedId: string | undefined): void {
    this.calls.set(call.customerUid, call);
    this.byChannel.set(call.customerChannel, call.customerUid);
    if (call.agentUid) this.byAgentLeg.set(call.agentUid, [...(this.byAgentLeg.get(call.agentUid) ?? []), call.customerUid]);
    if (linkedId) this.byLinked.set(linkedId, call.customerUid);
    while (this.calls.size > this.max) {
      const oldest = this.calls.values().next().value as AmiCall;
      this.remove(oldest);
      if (!oldest.ended) this.onForget(oldest);
    }
  }

  /** The calls dialed from an agent's leg, oldest first. */
  ofAgentLeg(agentUid: string | undefined): AmiCall[] {
    if (agentUid === undefined) return [];
    return (this.byAgentLeg.get(agentUid) ?? []).map((u) => this.calls.get(u)).filter((c): c is AmiCall => c !== undefined);
  }

  latestOfLinked(linkedId: string | undefined): AmiCall | undefined {
    return linkedId === undefined ? undefined : this.get(this.byLinked.get(linkedId));
  }

  byChannelName(name: string | undefined): AmiCall | undefined {
    return name === undefined ? undefined : this.get(this.byChannel.get(name));
  }

  open(): AmiCall[] {
    return [...this.calls.values()].filter((c) => !c.ended);
  }

  private remove(call: AmiCall): void {
    this.calls.delete(call.customerUid);
    if (this.byChannel.get(call.customerChannel) === call.customerUid) this.byChannel.delete(call.customerChannel);
    if (call.agentUid) {
      const left = (this.byAgentLeg.get(call.agentUid) ?? []).filter((u) => u !== call.customerUid);
      if (left.length) this.byAgentLeg.set(call.agentUid, left);
      else this.byAgentLeg.delete(call.agentUid);
    }
    for (const [l, u] of this.byLinked) if (u === call.customerUid) this.byLinked.delete(l);
  }
}
