import type { HangupBy } from '@floorpulse/shared';
import { sourceId } from '../../../server/src/dialers/event-id.js';
import type { Identity } from '../../../server/src/dialers/mapping-file.js';
import type { IdentityKeys, Resolver } from '../../../server/src/dialers/resolver.js';
import { phoneLike } from '../asterisk/ami-fields.js';
import type { ConnectorStats } from '../core/connector-stats.js';
import type { HeaderBlock } from '../core/header-block.js';
import { type AnsweredBy, type CallFacts, countedSink, type EventSink, isAbandoned, onCall, type SourceMapper } from '../core/out-event.js';
import { EslAgentStates } from './esl-agent-states.js';
import { callUuid, fsTime, fsUserKeys } from './esl-fields.js';

export interface EslMapperOptions {
  resolver: Resolver;
  stats: ConnectorStats;
  emit: EventSink;
  /** The channel variable naming a call's campaign (default fp_campaign: `variable_fp_campaign`). */
  campaignVariable?: string;
  /** Channel-name prefixes of customer legs (e.g. sofia/gateway/); when given, other outbound legs are internal. */
  trunks?: readonly string[];
  sendPhones?: boolean;
  /** The dialplan runs AMD (mod_amd, avmd): an answer without variable_amd_result says answeredBy unknown. */
  amd?: boolean;
  /** Legs held in memory (default 20,000). */
  maxLegs?: number;
}

interface FsCall {
  /** null: an unknown agent the mapping drops, or an internal leg (an agent's phone): nothing is sent. */
  identity: Identity | null;
  dialedSent: boolean;
  answeredSent: boolean;
  ended: boolean;
}

/** sip_hangup_disposition on the customer's leg: recv_* means the customer's side sent it. */
const CUSTOMER_SENT = new Set(['recv_bye', 'recv_cancel', 'recv_refuse']);
const AMD: Record<string, AnsweredBy> = { HUMAN: 'human', PERSON: 'human', MACHINE: 'machine', NOTSURE: 'unknown' };

/**
 * FreeSWITCH ESL events → FloorPulse events (docs/connectors.md "FreeSWITCH"): the customer's leg is an
 * outbound leg (Call-Direction outbound); its CHANNEL_CREATE is call.dialed, CHANNEL_ANSWER call.answered,
 * CHANNEL_HANGUP_COMPLETE call.ended with variable_billsec. Ids are the leg's Unique-ID (a UUID) and the
 * event kind. A leg first seen at its answer or its hangup (the connector was down at its create) is
 * rebuilt from that event's own times, with the same ids as if every event had been seen.
 */
export class EslMapper implements SourceMapper<HeaderBlock> {
  private readonly legs = new Map<string, FsCall>();
  /** The a-leg (an agent's phone, inbound) of a call, by its UUID: the agent of the call's customer legs. */
  private readonly aLegs = new Map<string, HeaderBlock>();
  private readonly agents: EslAgentStates;
  private readonly out: EventSink;

  constructor(private readonly o: EslMapperOptions) {
    this.out = countedSink(o.stats, o.emit);
    this.agents = new EslAgentStates({ resolver: o.resolver, emit: (e) => this.out([e]) });
  }

  handle(b: HeaderBlock): void {
    const name = b.value('Event-Name');
    if (!name) return;
    this.o.stats.received++;
    if (name === 'CUSTOM') {
      if (b.value('Event-Subclass') === 'callcenter::info') this.agents.callcenter(b);
      return;
    }
    if (name !== 'CHANNEL_CREATE' && name !== 'CHANNEL_ANSWER' && name !== 'CHANNEL_HANGUP_COMPLETE') return;
    const uuid = b.value('Unique-ID');
    if (!uuid) return;
    if (b.value('Call-Direction') !== 'outbound') {
      // Kept after its own hangup too (bounded by maxLegs): a customer leg's last event may come after it.
      if (!this.aLegs.has(uuid) || name !== 'CHANNEL_HANGUP_COMPLETE') this.remember(this.aLegs, uuid, b);
      return;
    }
    const call = this.leg(uuid, b);
    if (!call.identity || call.ended) return;
    if (name === 'CHANNEL_CREATE') return;
    const answeredAt =
      fsTime(b, 'Caller-Channel-Answered-Time', 'variable_answer_uepoch') ??
      (name === 'CHANNEL_ANSWER' ? fsTime(b, 'Event-Date-Timestamp') : undefined);
    if (answeredAt !== undefined) this.answered(uuid, call, b, answeredAt);
    if (name === 'CHANNEL_HANGUP_COMPLETE') this.ended(uuid, call, b, answeredAt !== undefined || Number(b.value('variable_billsec')) > 0);
  }

  flush(): void {}

  /** The leg's call, made (and its call.dialed sent) the first time the leg is seen, whatever the event. */
  private leg(uuid: string, b: HeaderBlock): FsCall {
    const known = this.legs.get(uuid);
    if (known) return known;
    const call: FsCall = { identity: this.identify(b), dialedSent: false, answeredSent: false, ended: false };
    this.remember(this.legs, uuid, call);
    if (call.identity) {
      const ts = fsTime(b, 'Caller-Channel-Created-Time', 'variable_start_uepoch', 'Event-Date-Timestamp') ?? 0;
      const phone = this.o.sendPhones ? phoneLike(b.value('Caller-Destination-Number')) : undefined;
      call.dialedSent = true;
      this.send(uuid, call, { type: 'call.dialed', id: sourceId('fs', [uuid, 'dialed']), ts, ...(phone ? { phone } : {}) });
    }
    return call;
  }

  private identify(b: HeaderBlock): Identity | null {
    const channel = b.value('Channel-Name') ?? '';
    const trunks = this.o.trunks ?? [];
    const dest = fsUserKeys(b.value('Caller-Destination-Number'), channel);
    // mod_callcenter's legs to agents, or any outbound leg to a mapped agent's phone: not a customer call.
    if (
      b.value('variable_cc_agent') ||
      (trunks.length > 0 && !trunks.some((p) => channel.startsWith(p))) ||
      this.o.resolver.agentByExtension(dest)
    ) {
      this.o.stats.internalDials++;
      return null;
    }
    const a = this.aLegs.get(callUuid(b) ?? '');
    const v = `variable_${this.o.campaignVariable ?? 'fp_campaign'}`;
    const keys: IdentityKeys = {
      extensions: a
        ? fsUserKeys(a.value('variable_user_name'), a.value('Caller-Username'), a.value('Channel-Name'), a.value('Caller-Caller-ID-Number'))
        : fsUserKeys(b.value('variable_user_name'), b.value('Caller-Caller-ID-Number')),
      campaigns: [b.value(v), a?.value(v), b.value('variable_accountcode'), a?.value('variable_accountcode')].filter(
        (k): k is string => !!k,
      ),
    };
    return this.o.resolver.resolve(keys);
  }

  private answered(uuid: string, call: FsCall, b: HeaderBlock, ts: number): void {
    if (call.answeredSent) return;
    call.answeredSent = true;
    const answeredBy = this.amdOf(b);
    const by = answeredBy ? { answeredBy } : {};
    this.send(uuid, call, { type: 'call.answered', id: sourceId('fs', [uuid, 'answered']), ts, ...by });
  }

  private ended(uuid: string, call: FsCall, b: HeaderBlock, answered: boolean): void {
    call.ended = true;
    const ts = fsTime(b, 'Caller-Channel-Hangup-Time', 'variable_end_uepoch', 'Event-Date-Timestamp') ?? 0;
    const bridged = !!(b.value('variable_bridge_uuid') ?? b.value('variable_last_bridge_to') ?? fsTime(b, 'Caller-Channel-Bridged-Time'));
    const hasAgentLeg = callUuid(b) !== uuid || bridged;
    const disposition = b.value('variable_sip_hangup_disposition') ?? '';
    const hangupBy: HangupBy = CUSTOMER_SENT.has(disposition)
      ? 'customer'
      : (disposition === 'send_bye' || disposition === 'send_cancel') && hasAgentLeg
        ? 'agent'
        : 'system';
    const billsec = Number(b.value('variable_billsec'));
    const talkSeconds = answered && Number.isFinite(billsec) ? Math.min(86_400, Math.max(0, billsec)) : 0;
    const abandoned =
      answered && call.identity ? { abandoned: isAbandoned({ bridged, channel: call.identity.channel, answeredBy: this.amdOf(b) }) } : {};
    this.send(uuid, call, { type: 'call.ended', id: sourceId('fs', [uuid, 'ended']), ts, answered, talkSeconds, hangupBy, ...abandoned });
  }

  /** The leg's AMD result: its amd_result variable when set (any other value: unknown); without one, unknown only when AMD runs. */
  private amdOf(b: HeaderBlock): AnsweredBy | undefined {
    const result = b.value('variable_amd_result');
    if (result !== undefined) return AMD[result.toUpperCase()] ?? 'unknown';
    return this.o.amd ? 'unknown' : undefined;
  }

  private send(uuid: string, call: FsCall, e: CallFacts): void {
    if (call.identity) this.out([onCall(e, call.identity, sourceId('fs', [uuid]))]);
  }

  /** Insertion-ordered maps bounded to maxLegs: the oldest legs are forgotten first. */
  private remember<T>(map: Map<string, T>, k: string, v: T): void {
    map.set(k, v);
    if (map.size > (this.o.maxLegs ?? 20_000)) map.delete(map.keys().next().value as string);
  }
}
