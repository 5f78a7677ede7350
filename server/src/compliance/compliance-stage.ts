import type { ClickHouseClient } from '@clickhouse/client';
import type { StoredEvent } from '@floorpulse/shared';
import type { SchedulerLike } from 'rxjs';
import { type Config, teamZones } from '../config/config.js';
import type { FlagDeriver } from '../ingest/ingest-service.js';
import { parseCallHours } from './compliance-checks.js';
import { recentDials } from './compliance-repo.js';
import { makeFlagDeriver } from './flag-deriver.js';
import { PhoneHistory } from './phone-history.js';

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
}

/**
 * Live compliance on the stream (docs/rules.md, "Live compliance"): calling hours (the team's zone: the
 * roster's, else TEAM_TZ's, else FLOOR_TZ), frequency cap (FREQUENCY_CAP dials per phone in 24 h),
 * consent validity. `rosterZone`: a team's time zone in the roster, read at each dial (an admin's change
 * applies to the next dial).
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
  const deriveFlags = makeFlagDeriver({
    zoneOf: (teamId) => rosterZone(teamId) ?? fallbackZones.get(teamId),
    floorZone: config.FLOOR_TZ,
    callHours: parseCallHours(config.CALL_HOURS),
    frequencyCap: config.FREQUENCY_CAP,
    history,
    scheduler,
  });
  return {
    deriveFlags,
    history,
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
