import type { DialRule } from '@floorpulse/shared';
import { localParts } from '../pipeline/time/local-day.js';

/** The allowed calling window as local minutes since midnight: [start, end). */
export interface CallHours {
  startMinute: number;
  endMinute: number;
}

/** "08:00-21:00" (config CALL_HOURS, already checked by the config schema) → minutes. */
export function parseCallHours(spec: string): CallHours {
  const [a = '08:00', b = '21:00'] = spec.split('-');
  const toMin = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));
  return { startMinute: toMin(a), endMinute: toMin(b) };
}

/**
 * Calls only between 08:00 and 21:00 local time (docs/rules.md, "Live compliance"). The window is
 * [start, end): 21:00:00 itself is already outside. Local time comes from the IANA zone, so a
 * daylight-saving change moves the UTC edges with it. A window that wraps midnight (22:00-06:00)
 * is supported for night campaigns.
 */
export function isOutsideHours(ts: number, zone: string, hours: CallHours): boolean {
  const p = localParts(ts, zone);
  const minute = p.hour * 60 + p.minute;
  const inside =
    hours.startMinute <= hours.endMinute
      ? minute >= hours.startMinute && minute < hours.endMinute
      : minute >= hours.startMinute || minute < hours.endMinute;
  return !inside;
}

/** No call on expired consent (docs/rules.md, "Live compliance"): consent that ends at or before the dial is expired. */
export function isConsentExpired(ts: number, consentExpiresAt: number | undefined): boolean {
  return consentExpiresAt !== undefined && consentExpiresAt <= ts;
}

/** What the rules without history read: the calling window, the team zones (roster, else TEAM_TZ, else FLOOR_TZ), CONSENT_REQUIRED. */
export interface DialRulesOptions {
  /** A team's IANA zone (the roster's, else TEAM_TZ's: compliance-stage.ts), read at each dial; undefined: `floorZone`. */
  teamZone: (teamId: string) => string | undefined;
  floorZone: string;
  callHours: CallHours;
  /** A dial that gives no consentExpiresAt has no consent (CONSENT_REQUIRED=yes); otherwise only an expired one is flagged. */
  consentRequired?: boolean;
}

export function zoneOf(o: DialRulesOptions, teamId: string): string {
  return o.teamZone(teamId) ?? o.floorZone;
}

/**
 * The rules a dial breaks that need no history of its phone: calling hours in its team's zone, and consent.
 * The one judgement of the stream's derived flags (flag-deriver.ts) and of the pre-dial check
 * (pre-dial-check.ts), so a check and the flag of the dial that follows it cannot disagree.
 */
export function dialFindings(
  o: DialRulesOptions,
  d: { ts: number; teamId: string; consentExpiresAt?: number | undefined },
): Exclude<DialRule, 'frequency_cap'>[] {
  const out: Exclude<DialRule, 'frequency_cap'>[] = [];
  if (isOutsideHours(d.ts, zoneOf(o, d.teamId), o.callHours)) out.push('outside_hours');
  if (isConsentExpired(d.ts, d.consentExpiresAt) || (o.consentRequired === true && d.consentExpiresAt === undefined))
    out.push('no_consent');
  return out;
}
