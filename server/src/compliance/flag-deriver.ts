import { type DialRule, RESERVED_ID_PREFIX, type StoredEvent } from '@floorpulse/shared';
import type { SchedulerLike } from 'rxjs';
import type { FlagDeriver } from '../ingest/ingest-service.js';
import { type DialRulesOptions, dialFindings } from './compliance-checks.js';
import { type DialRecord, overCap, type PhoneHistory } from './phone-history.js';

export type DerivedRule = DialRule;

export interface FlagDeriverOptions extends DialRulesOptions {
  /** More than this many dials to one number in 24 h is a violation (3 by default: docs/rules.md, "Live compliance"). */
  frequencyCap: number;
  history: PhoneHistory;
  scheduler: SchedulerLike;
}

/** Deterministic: the same finding on the same call always has this id, so the ingest's dedupe keeps it once. */
export function derivedFlagId(rule: DerivedRule, callId: string): string {
  // A namespace clients cannot write in (the event schema refuses their ids there): no event can shadow a flag.
  return `${RESERVED_ID_PREFIX}${rule}:${callId}`;
}

function flag(rule: DerivedRule, d: DialRecord, campaignId: string | undefined): StoredEvent {
  return {
    id: derivedFlagId(rule, d.callId),
    type: 'compliance.flag',
    ts: d.ts,
    teamId: d.teamId,
    agentId: d.agentId,
    callId: d.callId,
    channel: d.channel,
    rule,
    severity: 'violation',
    derived: true,
    ...(campaignId ? { campaignId } : {}),
  };
}

/**
 * FloorPulse's own compliance checks on every new call.dialed (docs/rules.md, "Live compliance"):
 * outside_hours, frequency_cap, no_consent. The flags are violation-severity compliance.flag events
 * stored in the same insert as the dial, so `violations` and complianceRate count them exactly like
 * an external QA flag and the live rates still equal SQL over call_events.
 *
 * frequency_cap: a dial is a violation when it is the (cap+1)-th or later dial of its phone hash
 * among the dials with ts in (its ts − 24 h, its ts], ordered by ts then call id. A dial that
 * arrives late is placed by its ts: it may itself be over the cap, and it may push later dials
 * of the same phone over it; those later dials get their flag then (ts = their own dial ts).
 */
export function makeFlagDeriver(o: FlagDeriverOptions): FlagDeriver {
  let prunedAt = -Infinity;
  return (events, phoneAliases) => {
    const now = o.scheduler.now();
    if (now - prunedAt > 3_600_000) {
      o.history.prune(now);
      prunedAt = now;
    }
    const flags: StoredEvent[] = [];
    for (const e of events) {
      if (e.type !== 'call.dialed') continue;
      const dial: DialRecord = { callId: e.callId, ts: e.ts, teamId: e.teamId, agentId: e.agentId, channel: e.channel };
      for (const rule of dialFindings(o, e)) flags.push(flag(rule, dial, e.campaignId));
      // The same phone under its old-scheme hashes too, while the switch to E.164 hashes lasts (phone-hash.ts).
      const aliases = e.phoneHash ? (phoneAliases?.get(e.phoneHash) ?? []) : [];
      if (e.phoneHash && o.history.add(e.phoneHash, dial, aliases)) {
        for (const d of overCap(dial, o.history.dials(e.phoneHash, aliases), o.frequencyCap)) {
          flags.push(flag('frequency_cap', d, d.callId === e.callId ? e.campaignId : undefined));
        }
      }
    }
    return flags;
  };
}
