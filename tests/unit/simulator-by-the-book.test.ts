import type { CallEvent } from '@floorpulse/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { isOutsideHours, parseCallHours } from '../../server/src/compliance/compliance-checks.js';
import { deliveriesBefore, type FloorSpec } from '../../tools/simulator/generate.js';
import { TEAM_NAMES } from '../../tools/simulator/profile.js';

/**
 * One simulated person works by the book (tools/simulator/generate.ts, `byTheBook`): the star of the
 * week excludes anyone with a violation, and before this every simulated agent had one every week, so
 * the demo's honour roll never showed a star. The others still break rules at the floor's rates.
 */
const DAY = 86_400_000;
const START = Date.parse('2026-11-16T00:00:00+08:00');
const SPEC: FloorSpec = { seed: 42, start: START, zone: 'Asia/Shanghai', teams: 3, agentsPerTeam: 8, robotsPerTeam: 2, speed: 1 };
const HOURS = parseCallHours('08:00-21:00');
const CAP = 3;

type Dialed = Extract<CallEvent, { type: 'call.dialed' }>;

/** What would earn an agent a violation that week: flags, and dials outside hours, on expired consent or past the cap. */
function violationsOf(events: CallEvent[], agentId: string): string[] {
  const out: string[] = [];
  const dials = events.filter((e): e is Dialed => e.type === 'call.dialed' && e.agentId === agentId).sort((a, b) => a.ts - b.ts);
  for (const e of events)
    if (e.type === 'compliance.flag' && e.agentId === agentId && e.severity === 'violation') out.push(`flag ${e.rule}`);
  const byPhone = new Map<string, number[]>();
  for (const d of dials) {
    if (isOutsideHours(d.ts, SPEC.zone, HOURS)) out.push(`outside hours ${d.callId}`);
    if (d.consentExpiresAt !== undefined && d.consentExpiresAt <= d.ts) out.push(`expired consent ${d.callId}`);
    const before = (byPhone.get(d.phone ?? '') ?? []).filter((ts) => ts > d.ts - DAY);
    if (before.length >= CAP) out.push(`over the cap ${d.callId}`);
    byPhone.set(d.phone ?? '', [...before, d.ts]);
  }
  return out;
}

describe('the simulated floor has one person who works by the book', () => {
  let events: CallEvent[];
  beforeAll(() => {
    events = [...new Map(deliveriesBefore(SPEC, START + 7 * DAY).map((d) => [d.event.id, d.event])).values()];
  });

  it('the first person of the first team breaks no rule in a week, and still works a full week', () => {
    // The first seat: the first team's first person (seats are its people, then its robot lines).
    const first = `${TEAM_NAMES[0]}-a1`;
    expect(violationsOf(events, first)).toEqual([]);
    const dials = events.filter((e) => e.type === 'call.dialed' && e.agentId === first).length;
    expect(dials).toBeGreaterThan(5 * 80);
  });

  it('everyone else keeps breaking rules at the floor rates: most people have a violation that week', () => {
    const people = [...new Set(events.filter((e): e is Dialed => e.type === 'call.dialed' && e.channel === 'human').map((e) => e.agentId))];
    expect(people).toHaveLength(SPEC.teams * SPEC.agentsPerTeam);
    const withViolations = people.filter((a) => violationsOf(events, a).length > 0);
    expect(withViolations.length).toBeGreaterThanOrEqual(people.length - 3);
  });
});
