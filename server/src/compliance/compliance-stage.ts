import type { ClickHouseClient } from '@clickhouse/client';
import type { DialRule, StoredEvent } from '@floorpulse/shared';
import type { SchedulerLike } from 'rxjs';
import { type Config, teamZones } from '../config/config.js';
import type { FlagDeriver } from '../ingest/ingest-service.js';
import { type DialRulesOptions, dialFindings, parseCallHours, zoneOf } from './compliance-checks.js';
import { recentDials } from './compliance-repo.js';
import { makeFlagDeriver } from './flag-deriver.js';
import { capForNextDial, PhoneHistory } from './phone-history.js';

const DAY = 24 * 3_600_000;

export interface ComplianceStage {
  /** Plug into IngestService's `deriveFlags`. */
  readonly deriveFlags: FlagDeriver;
  /** Rebuilds the frequency check's phone history from ClickHouse: call once at start, before ingest opens. */
  load(client: ClickHouseClient): Promise<number>;
  /** The phones' recent dials (read by tests); written only through deriveFlags, load and noteDials. */
  readonly history: PhoneHistory;
  /** Dials other server processes stored: the cap counts a phone's dials through any process. */
  noteDials(events: readonly StoredEvent[]): void;
  /** The pre-dial check (pre-dial-check.ts): what a dial would be flagged for, by the stream's own rules. */
  check(q: DialQuestion): DialVerdict;
}

/** A dial not yet made: its phone as hashes (the number itself never reaches this stage). */
export interface DialQuestion {
  teamId: string;
  agentId: string;
  phoneHash: string;
  /** The same phone's old-scheme hashes while the switch to E.164 hashes lasts (phone-hash.ts). */
  legacyHashes: readonly string[];
  consentExpiresAt?: number | undefined;
  at: number;
}
export interface DialVerdict {
  reasons: DialRule[];
  zone: string;
  dialsIn24h: number;
}

/**
 * Live compliance on the stream (docs/rules.md, "Live compliance"): calling hours (the team's zone: the
 * roster's, else TEAM_TZ's, else FLOOR_TZ), frequency cap (FREQUENCY_CAP dials per phone in 24 h),
 * consent validity; and the same rules over the same phone history before a dial (check). `rosterZone`:
 * a team's time zone in the roster, read at each dial (an admin's change applies to the next dial).
 */
export function createCompliance(
  config: Config,
  scheduler: SchedulerLike,
  rosterZone: (teamId: string) => string | undefined,
): ComplianceStage {
  // Two days kept: a late dial (up to a day late) still sees the full 24 h before it.
  const history = new PhoneHistory(2 * DAY);
  let prunedAt = -Infinity;
  // TEAM_TZ: the zones of teams the roster has none for (it came before the roster; kept as the fallback).
  const fallbackZones = teamZones(config);
  const rules: DialRulesOptions = {
    teamZone: (teamId) => rosterZone(teamId) ?? fallbackZones.get(teamId),
    floorZone: config.FLOOR_TZ,
    callHours: parseCallHours(config.CALL_HOURS),
    consentRequired: config.CONSENT_REQUIRED === 'yes',
  };
  const deriveFlags = makeFlagDeriver({ ...rules, frequencyCap: config.FREQUENCY_CAP, history, scheduler });
  return {
    deriveFlags,
    history,
    check(q) {
      const found = dialFindings(rules, { ts: q.at, teamId: q.teamId, consentExpiresAt: q.consentExpiresAt });
      const cap = capForNextDial(history.dials(q.phoneHash, q.legacyHashes), q.at, config.FREQUENCY_CAP, {
        teamId: q.teamId,
        agentId: q.agentId,
        channel: 'human',
      });
      // In DIAL_RULES order: outside_hours, frequency_cap, no_consent.
      const reasons: DialRule[] = [
        ...found.filter((r) => r === 'outside_hours'),
        ...(cap.over ? (['frequency_cap'] as const) : []),
        ...found.filter((r) => r === 'no_consent'),
      ];
      return { reasons, zone: zoneOf(rules, q.teamId), dialsIn24h: cap.dialsIn24h };
    },
    noteDials(events) {
      // A process that only serves screens never derives flags (which prune): it prunes here, hourly.
      const now = scheduler.now();
      if (now - prunedAt > 3_600_000) {
        history.prune(now);
        prunedAt = now;
      }
      for (const e of events) {
        if (e.type === 'call.dialed' && e.phoneHash)
          history.add(e.phoneHash, { callId: e.callId, ts: e.ts, teamId: e.teamId, agentId: e.agentId, channel: e.channel });
      }
    },
    async load(client) {
      const rows = await recentDials(client, scheduler.now() - history.keepMs);
      for (const r of rows) history.add(r.phoneHash, r);
      return rows.length;
    },
  };
}
