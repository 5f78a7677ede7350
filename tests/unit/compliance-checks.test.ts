import type { StoredEvent } from '@floorpulse/shared';
import { describe, expect, it } from 'vitest';
import { isConsentExpired, isOutsideHours, parseCallHours } from '../../server/src/compliance/compliance-checks.js';
import { makeFlagDeriver } from '../../server/src/compliance/flag-deriver.js';
import { PhoneHistory } from '../../server/src/compliance/phone-history.js';

const hours = parseCallHours('08:00-21:00');
const iso = (s: string) => Date.parse(s);

describe('outside_hours', () => {
  it('allows 08:00:00 to 20:59:59 local and flags 07:59 and 21:00 (Asia/Shanghai, +08:00)', () => {
    const z = 'Asia/Shanghai';
    expect(isOutsideHours(iso('2026-11-20T07:59:59+08:00'), z, hours)).toBe(true);
    expect(isOutsideHours(iso('2026-11-20T08:00:00+08:00'), z, hours)).toBe(false);
    expect(isOutsideHours(iso('2026-11-20T20:59:59+08:00'), z, hours)).toBe(false);
    expect(isOutsideHours(iso('2026-11-20T21:00:00+08:00'), z, hours)).toBe(true);
  });

  it('follows daylight saving in America/New_York: 08:00 is 13:00Z in winter and 12:00Z in summer', () => {
    const z = 'America/New_York';
    // Spring forward on 2026-03-08 (02:00 → 03:00).
    expect(isOutsideHours(iso('2026-03-07T12:30:00Z'), z, hours)).toBe(true); // 07:30 EST
    expect(isOutsideHours(iso('2026-03-07T13:00:00Z'), z, hours)).toBe(false); // 08:00 EST
    expect(isOutsideHours(iso('2026-03-08T12:00:00Z'), z, hours)).toBe(false); // 08:00 EDT
    expect(isOutsideHours(iso('2026-03-08T11:59:00Z'), z, hours)).toBe(true); // 07:59 EDT
    expect(isOutsideHours(iso('2026-03-09T00:59:00Z'), z, hours)).toBe(false); // 20:59 EDT
    expect(isOutsideHours(iso('2026-03-09T01:00:00Z'), z, hours)).toBe(true); // 21:00 EDT
    // Fall back on 2026-11-01 (02:00 → 01:00): 08:00 EST is 13:00Z again.
    expect(isOutsideHours(iso('2026-11-01T12:30:00Z'), z, hours)).toBe(true); // 07:30 EST
    expect(isOutsideHours(iso('2026-11-01T13:00:00Z'), z, hours)).toBe(false);
    expect(isOutsideHours(iso('2026-11-02T02:00:00Z'), z, hours)).toBe(true); // 21:00 EST
  });

  it('supports a window across midnight', () => {
    const night = parseCallHours('22:00-06:00');
    expect(isOutsideHours(iso('2026-01-01T23:00:00Z'), 'UTC', night)).toBe(false);
    expect(isOutsideHours(iso('2026-01-01T12:00:00Z'), 'UTC', night)).toBe(true);
  });
});

describe('no_consent', () => {
  it('is expired when consent ends at or before the dial, not when it ends after or is not given', () => {
    expect(isConsentExpired(1000, 1000)).toBe(true);
    expect(isConsentExpired(1000, 999)).toBe(true);
    expect(isConsentExpired(1000, 1001)).toBe(false);
    expect(isConsentExpired(1000, undefined)).toBe(false);
  });
});

describe('the flag deriver', () => {
  const scheduler = {
    now: () => iso('2026-11-20T06:00:00Z'),
    schedule: () => {
      throw new Error('unused');
    },
  } as never;
  const deriver = (teamZones = new Map<string, string>()) =>
    makeFlagDeriver({
      teamZone: (t: string) => teamZones.get(t),
      floorZone: 'Asia/Shanghai',
      callHours: hours,
      frequencyCap: 3,
      history: new PhoneHistory(),
      scheduler,
    });
  const dial = (callId: string, ts: string, extra: Partial<StoredEvent> & Record<string, unknown> = {}): StoredEvent =>
    ({
      id: `d-${callId}`,
      type: 'call.dialed',
      ts: iso(ts),
      teamId: 'north',
      agentId: 'n1',
      callId,
      channel: 'human',
      ...extra,
    }) as StoredEvent;

  it('derives violation flags with deterministic ids, the dial ts and its team, agent, call and channel', () => {
    const flags = deriver()([dial('c1', '2026-11-20T22:10:00+08:00', { consentExpiresAt: iso('2026-11-01T00:00:00Z'), channel: 'robot' })]);
    expect(flags).toEqual([
      {
        id: 'fp:outside_hours:c1',
        type: 'compliance.flag',
        ts: iso('2026-11-20T22:10:00+08:00'),
        teamId: 'north',
        agentId: 'n1',
        callId: 'c1',
        channel: 'robot',
        rule: 'outside_hours',
        severity: 'violation',
        derived: true,
      },
      {
        id: 'fp:no_consent:c1',
        type: 'compliance.flag',
        ts: iso('2026-11-20T22:10:00+08:00'),
        teamId: 'north',
        agentId: 'n1',
        callId: 'c1',
        channel: 'robot',
        rule: 'no_consent',
        severity: 'violation',
        derived: true,
      },
    ]);
  });

  it('uses the team zone from TEAM_TZ: 21:30 in Shanghai is 19:30 in Urumqi (+06:00)', () => {
    const d = deriver(new Map([['west', 'Asia/Urumqi']]));
    expect(d([dial('c1', '2026-11-20T21:30:00+08:00', { teamId: 'west' })])).toEqual([]);
    expect(d([dial('c2', '2026-11-20T21:30:00+08:00')]).map((f) => f.id)).toEqual(['fp:outside_hours:c2']);
  });

  it('flags nothing for a dial inside hours, without consent date and without phone', () => {
    expect(deriver()([dial('c1', '2026-11-20T10:00:00+08:00')])).toEqual([]);
  });
});
