import type { HangupBy } from '@floorpulse/shared';
import type { SchedulerLike } from 'rxjs';
import { sourceId } from '../../../server/src/dialers/event-id.js';
import type { Resolver } from '../../../server/src/dialers/resolver.js';
import type { ConnectorStats } from '../core/connector-stats.js';
import type { HeaderBlock } from '../core/header-block.js';
import { type AnsweredBy, type CallFacts, countedSink, type EventSink, isAbandoned, onCall, type SourceMapper } from '../core/out-event.js';
import { AmiAgentStates } from './ami-agent-states.js';
import { type AmiCall, AmiCallStore } from './ami-call-store.js';
import { amiTime, campaignKeys, extensionKeys, phoneLike } from './ami-fields.js';

export interface AmiMapperOptions {
  /** Names this Asterisk in every id (Uniqueids are unique per server only): `ami:<sourceId>:…`. */
  sourceId: string;
  resolver: Resolver;
  stats: ConnectorStats;
  scheduler: SchedulerLike;
  emit: EventSink;
  /** The UserEvent name a dialplan raises with a call's disposition (default FloorPulseOutcome). */
  outcomeEvent?: string;
  /** The channel variable that names a call's campaign (default FP_CAMPAIGN, see campaignKeys). */
  campaignVariable?: string;
  /** Channel-name prefixes of customer legs (e.g. PJSIP/carrier-); when given, other dials are internal. */
  trunks?: readonly string[];
  /** Send the dialed number as `phone` (only phone-looking values; FloorPulse hashes it at its edge). */
  sendPhones?: boolean;
  /**
   * cdr_manager is on: an answered call's end waits for its Cdr and takes BillableSeconds as talk time.
   * Also switched on by the first Cdr seen on the connection.
   */
  cdr?: boolean;
  /** How long a hung-up answered call waits for its Cdr (default 2 s: cdr_manager writes it at the hangup). */
  cdrWaitMs?: number;
  /**
   * The dialplan runs AMD: call.answered waits for AMDSTATUS (at most amdWaitMs) and says human, machine or
   * unknown. Off: it is sent at the answer, with answeredBy only when AMDSTATUS came first.
   */
  amd?: boolean;
  /** How long call.answered waits for AMDSTATUS when `amd` is on (default 10 s; AMD decides in ~5 s). */
  amdWaitMs?: number;
  /** Calls held in memory (default 20,000: an hour of a 300-seat floor's dials). */
  maxCalls?: number;
}

/** DialStatus values that end a dial unanswered (DialEnd; Asterisk 11's Dial End). */
const UNANSWERED = new Set(['BUSY', 'NOANSWER', 'CONGESTION', 'CHANUNAVAIL', 'CANCEL', 'ABORT']);
const AMD: Record<string, AnsweredBy> = { HUMAN: 'human', MACHINE: 'machine', NOTSURE: 'unknown', HANGUP: 'unknown' };
/** AgentComplete's Reason: who ended a queue call. */
const AGENT_REASON: Record<string, HangupBy> = { caller: 'customer', agent: 'agent', transfer: 'agent' };

/**
 * Asterisk AMI events → FloorPulse events (docs/connectors.md "Asterisk" has the table and the rules).
 * Asterisk 12+ names (DialBegin, DialEnd, BridgeEnter, Hangup, Cdr, AgentComplete, VarSet, UserEvent,
 * QueueMemberPause, QueueMemberStatus) and Asterisk 11's (Dial with SubEvent Begin/End, Bridge Link).
 * Every id derives from the customer leg's Uniqueid, so re-reading a stream never makes a second event.
 */
export class AmiMapper implements SourceMapper<HeaderBlock> {
  private readonly calls: AmiCallStore;
  private readonly bridges = new Map<string, Set<string>>();
  private readonly agents: AmiAgentStates;
  private readonly out: EventSink;
  /** Once a Cdr is seen, CDRs are on: an answered call's end waits for its BillableSeconds. */
  private cdrSeen: boolean;

  constructor(private readonly o: AmiMapperOptions) {
    this.cdrSeen = o.cdr ?? false;
    this.out = countedSink(o.stats, o.emit);
    this.calls = new AmiCallStore(o.maxCalls ?? 20_000, () => o.stats.forgottenCalls++);
    this.agents = new AmiAgentStates({ sourceId: o.sourceId, resolver: o.resolver, emit: (e) => this.out([e]) });
  }

  handle(b: HeaderBlock): void {
    const event = b.get('Event');
    if (!event) return;
    this.o.stats.received++;
    const ts = amiTime(b, this.o.scheduler);
    switch (event.toLowerCase()) {
      case 'dialbegin':
        return this.dialBegin(b, ts, b.value('DestUniqueid'), b.value('DestChannel'));
      case 'dialend':
        return this.dialEnd(this.calls.get(b.value('DestUniqueid')), b.value('DialStatus'), ts);
      case 'dial':
        return this.dial11(b, ts);
      case 'bridge':
        return this.bridge11(b, ts);
      case 'bridgeenter':
        return this.bridgeEnter(b);
      case 'bridgeleave':
        return void this.bridges.get(b.value('BridgeUniqueid') ?? '')?.delete(b.value('Uniqueid') ?? '');
      case 'bridgedestroy':
        return void this.bridges.delete(b.value('BridgeUniqueid') ?? '');
      case 'hanguprequest':
        return this.hangupRequest(b.value('Uniqueid'));
      case 'hangup':
        return this.hangup(b.value('Uniqueid'), ts);
      case 'cdr':
        return this.cdr(b);
      case 'agentcomplete':
        return this.agentComplete(b);
      case 'varset':
        return this.varSet(b);
      case 'userevent':
        return this.userEvent(b, ts);
      case 'queuememberpause':
      case 'queuememberstatus':
        return this.agents.member(b, ts);
    }
  }

  flush(): void {
    for (const call of this.calls.open()) {
      if (call.pendingEnd) this.endAnswered(call, call.pendingEnd.ts, call.pendingEnd.hangupBy);
      else if (call.answeredAt !== undefined && !call.answeredSent) this.sendAnswered(call);
    }
  }

  private id(call: AmiCall, kind: string): string {
    return sourceId('ami', [this.o.sourceId, call.customerUid, kind]);
  }

  private dialBegin(b: HeaderBlock, ts: number, destUid: string | undefined, destChannel: string | undefined): void {
    if (!destUid || this.calls.get(destUid)) return;
    const channel = destChannel ?? '';
    const trunks = this.o.trunks ?? [];
    const destKeys = extensionKeys(channel, b.value('DestCallerIDNum'));
    // A queue ringing an agent's phone, or any leg that is not a trunk when trunks are named: not a customer call.
    if ((trunks.length > 0 && !trunks.some((p) => channel.startsWith(p))) || this.o.resolver.agentByExtension(destKeys)) {
      this.o.stats.internalDials++;
      return;
    }
    const callerChannel = b.value('Channel');
    const identity = this.o.resolver.resolve({
      extensions: callerChannel ? extensionKeys(callerChannel, b.value('CallerIDNum')) : [],
      campaigns: campaignKeys(b, this.o.campaignVariable ?? 'FP_CAMPAIGN'),
    });
    const agentUid = callerChannel ? b.value('Uniqueid') : undefined;
    const call: AmiCall = {
      callId: sourceId('ami', [this.o.sourceId, destUid]),
      customerUid: destUid,
      customerChannel: channel,
      identity,
      answeredSent: false,
      ended: false,
      bridged: false,
      ...(agentUid ? { agentUid } : {}),
    };
    this.calls.add(call, b.value('DestLinkedid') ?? b.value('Linkedid'));
    const phone = this.o.sendPhones ? phoneLike(b.value('DestCallerIDNum')) : undefined;
    this.send(call, { type: 'call.dialed', id: this.id(call, 'dialed'), ts, ...(phone ? { phone } : {}) });
  }

  /** Asterisk 11: `Dial` with SubEvent Begin (like DialBegin) or End (the caller's UniqueID and DialStatus). */
  private dial11(b: HeaderBlock, ts: number): void {
    const sub = b.value('SubEvent');
    if (sub === 'Begin') return this.dialBegin(b, ts, b.value('DestUniqueID'), b.value('Destination'));
    if (sub !== 'End') return;
    for (const call of this.calls.ofAgentLeg(b.value('UniqueID'))) this.dialEnd(call, b.value('DialStatus'), ts);
  }

  private dialEnd(call: AmiCall | undefined, status: string | undefined, ts: number): void {
    if (!call || call.ended || !status) return;
    if (status === 'ANSWER') return this.answer(call, ts);
    if (!UNANSWERED.has(status) || call.answeredAt !== undefined) return;
    // CANCEL: the calling side gave up while it rang — the agent, when there is an agent leg.
    this.endUnanswered(call, ts, status === 'CANCEL' && call.agentUid ? 'agent' : 'system');
  }

  /** Asterisk 11: a `Bridge` Link is the moment the dialed leg is connected (its Dial End comes after the call). */
  private bridge11(b: HeaderBlock, ts: number): void {
    if (b.value('Bridgestate') !== 'Link') return;
    for (const uid of [b.value('Uniqueid1'), b.value('Uniqueid2')]) {
      const call = this.calls.get(uid);
      if (!call || call.ended) continue;
      call.bridged = true;
      if (call.answeredAt === undefined) this.answer(call, ts);
    }
  }

  private bridgeEnter(b: HeaderBlock): void {
    const bridge = b.value('BridgeUniqueid');
    const uid = b.value('Uniqueid');
    if (!bridge || !uid) return;
    const members = this.bridges.get(bridge) ?? new Set<string>();
    members.add(uid);
    this.bridges.set(bridge, members);
    // A BridgeDestroy missed during a disconnect must not keep its bridge for ever: as many as calls held.
    if (this.bridges.size > (this.o.maxCalls ?? 20_000)) this.bridges.delete(this.bridges.keys().next().value as string);
    if (members.size < 2 && Number(b.value('BridgeNumChannels')) < 2) return;
    for (const m of members) {
      const call = this.calls.get(m);
      if (call) call.bridged = true;
    }
  }

  private answer(call: AmiCall, ts: number): void {
    if (call.answeredAt !== undefined) return;
    call.answeredAt = ts;
    if (!this.o.amd || call.amd) return this.sendAnswered(call);
    // AMD runs: wait for its result, at most amdWaitMs (then "unknown").
    call.held = this.o.scheduler.schedule(() => this.sendAnswered(call), this.o.amdWaitMs ?? 10_000);
  }

  private sendAnswered(call: AmiCall): void {
    if (call.answeredSent || call.answeredAt === undefined) return;
    call.answeredSent = true;
    call.held?.unsubscribe();
    const answeredBy = call.amd ?? (this.o.amd ? 'unknown' : undefined);
    const by = answeredBy ? { answeredBy } : {};
    this.send(call, { type: 'call.answered', id: this.id(call, 'answered'), ts: call.answeredAt, ...by });
  }

  private hangupRequest(uid: string | undefined): void {
    const customer = this.calls.get(uid);
    if (customer) customer.hangupBy ??= 'customer';
    for (const call of this.calls.ofAgentLeg(uid)) call.hangupBy ??= 'agent';
  }

  private hangup(uid: string | undefined, ts: number): void {
    const call = this.calls.get(uid);
    if (!call || call.ended || call.pendingEnd) return;
    if (call.answeredAt === undefined) return this.endUnanswered(call, ts, call.hangupBy ?? 'system');
    const hangupBy = call.hangupBy ?? 'system';
    if (!this.cdrSeen || call.talkSeconds !== undefined) return this.endAnswered(call, ts, hangupBy);
    call.pendingEnd = { ts, hangupBy };
    call.held = this.o.scheduler.schedule(() => this.endAnswered(call, ts, hangupBy), this.o.cdrWaitMs ?? 2000);
  }

  private cdr(b: HeaderBlock): void {
    this.cdrSeen = true;
    const call = this.calls.byChannelName(b.value('DestinationChannel')) ?? this.calls.byChannelName(b.value('Channel'));
    const billable = Number(b.value('BillableSeconds'));
    if (!call || call.ended || !Number.isFinite(billable)) return;
    call.talkSeconds ??= billable;
    if (call.pendingEnd) this.endAnswered(call, call.pendingEnd.ts, call.pendingEnd.hangupBy);
  }

  private agentComplete(b: HeaderBlock): void {
    const call = this.calls.get(b.value('Uniqueid')) ?? this.calls.latestOfLinked(b.value('Linkedid'));
    if (!call || call.ended) return;
    const talk = Number(b.value('TalkTime'));
    if (Number.isFinite(talk)) call.talkSeconds = talk;
    const reason = AGENT_REASON[b.value('Reason') ?? ''];
    if (reason) call.hangupBy = reason;
    call.bridged = true;
  }

  private varSet(b: HeaderBlock): void {
    if (b.value('Variable') !== 'AMDSTATUS') return;
    const call = this.calls.get(b.value('Uniqueid'));
    if (!call) return;
    call.amd = AMD[b.value('Value') ?? ''] ?? 'unknown';
    if (call.answeredAt !== undefined && !call.answeredSent) this.sendAnswered(call);
  }

  private userEvent(b: HeaderBlock, ts: number): void {
    if (b.value('UserEvent')?.toLowerCase() !== (this.o.outcomeEvent ?? 'FloorPulseOutcome').toLowerCase()) return;
    const uid = b.value('Uniqueid');
    const call =
      this.calls.get(b.value('CallUniqueid')) ??
      this.calls.get(uid) ??
      this.calls.ofAgentLeg(uid).at(-1) ??
      this.calls.latestOfLinked(b.value('Linkedid'));
    const status = b.value('Outcome');
    if (!call || !status) {
      this.o.stats.countUnknownOutcome(status ? `${status} (no call)` : '(no Outcome header)');
      return;
    }
    const outcome = this.o.resolver.outcome(status);
    if (!outcome) return;
    const amount = Number(b.value('Amount'));
    this.send(call, {
      type: 'call.outcome',
      id: this.id(call, 'outcome'),
      ts,
      outcome,
      ...(b.value('Amount') !== undefined && Number.isFinite(amount) && amount >= 0 ? { amount } : {}),
    });
  }

  private endUnanswered(call: AmiCall, ts: number, hangupBy: HangupBy): void {
    call.ended = true;
    this.send(call, { type: 'call.ended', id: this.id(call, 'ended'), ts, answered: false, talkSeconds: 0, hangupBy });
  }

  private endAnswered(call: AmiCall, ts: number, hangupBy: HangupBy): void {
    if (call.ended) return;
    call.ended = true;
    call.held?.unsubscribe();
    delete call.pendingEnd;
    if (!call.answeredSent) this.sendAnswered(call);
    // Talk: AgentComplete's TalkTime or the Cdr's BillableSeconds, else answer → hangup by the events' own times.
    const interval = Math.max(0, (ts - (call.answeredAt ?? ts)) / 1000);
    const talkSeconds = Math.min(86_400, call.talkSeconds ?? Math.round(interval * 1000) / 1000);
    const abandoned = isAbandoned({ bridged: call.bridged, channel: call.identity?.channel ?? 'human', answeredBy: call.amd });
    this.send(call, { type: 'call.ended', id: this.id(call, 'ended'), ts, answered: true, talkSeconds, hangupBy, abandoned });
  }

  private send(call: AmiCall, e: CallFacts): void {
    if (call.identity) this.out([onCall(e, call.identity, call.callId)]);
  }
}
