import type { CallEvent } from '@floorpulse/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { localParts } from '../../server/src/pipeline/time/local-day.js';
import { type Delivery, deliveriesBefore, type FloorSpec } from '../../tools/simulator/generate.js';

const DAY = 86_400_000;
const START = Date.parse('2026-11-16T00:00:00+08:00');
const DAYS = 3;
const SPEC: FloorSpec = { seed: 11, start: START, zone: 'Asia/Shanghai', teams: 3, agentsPerTeam: 6, robotsPerTeam: 2, speed: 1 };

/** The counts of docs/metrics.md, per channel, over unique events (the server counts each id once). */
function measure(events: CallEvent[], channel: 'human' | 'robot', calls_: 'all' | 'ordinary' | 'follow-ups' = 'all') {
  const wanted = (e: Extract<CallEvent, { type: 'call.dialed' }>) =>
    calls_ === 'all' || (calls_ === 'follow-ups') === (e.leadCallId !== undefined);
  const calls = new Set(
    events.filter((e) => e.type === 'call.dialed' && e.channel === channel && wanted(e)).map((e) => (e as { callId: string }).callId),
  );
  const mine = events.filter((e) => 'callId' in e && calls.has(e.callId));
  const ended = mine.filter((e): e is Extract<CallEvent, { type: 'call.ended' }> => e.type === 'call.ended' && e.answered);
  const answered = mine.filter((e) => e.type === 'call.answered').length;
  return {
    dialed: calls.size,
    connect: answered / calls.size,
    hangup: ended.filter((e) => e.hangupBy === 'customer' && e.talkSeconds < 30).length / ended.length,
    effective: ended.filter((e) => e.talkSeconds >= 60).length / ended.length,
    sales: mine.filter((e) => e.type === 'call.outcome' && e.outcome === 'sale').length,
    conversion: mine.filter((e) => e.type === 'call.outcome' && e.outcome === 'sale').length / answered,
    complaints: mine.filter((e) => e.type === 'compliance.flag' && e.rule === 'complaint').length / answered,
  };
}

describe('the simulated floor lands in the industry bands of docs/metrics.md', () => {
  let deliveries: Delivery[];
  let events: CallEvent[];
  beforeAll(() => {
    deliveries = deliveriesBefore(SPEC, START + DAYS * DAY);
    events = [...new Map(deliveries.map((d) => [d.event.id, d.event])).values()];
  });

  it('about 98 dials per agent a day (less a few breaks) and about 800 per robot line', () => {
    const humans = measure(events, 'human');
    const robots = measure(events, 'robot');
    expect(humans.dialed / (18 * DAYS)).toBeGreaterThan(85);
    expect(humans.dialed / (18 * DAYS)).toBeLessThan(105);
    expect(robots.dialed / (6 * DAYS)).toBeGreaterThan(740);
    expect(robots.dialed / (6 * DAYS)).toBeLessThan(860);
  });

  it.each(['human', 'robot'] as const)('%s: connect 35–45%%, early hang-ups about 30%%, complaints about 0.3%%', (channel) => {
    const m = measure(events, channel);
    expect(m.connect).toBeGreaterThanOrEqual(0.35);
    expect(m.connect).toBeLessThanOrEqual(0.45);
    expect(m.hangup).toBeGreaterThanOrEqual(0.25);
    expect(m.hangup).toBeLessThanOrEqual(0.35);
    expect(m.complaints).toBeGreaterThan(0.0005);
    expect(m.complaints).toBeLessThan(0.008);
  });

  it("a person's cold calls convert 3–9% (the industry's band); a robot line, which hands its leads on, 1–3%", () => {
    const cold = measure(events, 'human', 'ordinary').conversion;
    expect(cold).toBeGreaterThanOrEqual(0.03);
    expect(cold).toBeLessThanOrEqual(0.09);
    const robot = measure(events, 'robot').conversion;
    expect(robot).toBeGreaterThanOrEqual(0.01);
    expect(robot).toBeLessThanOrEqual(0.03);
  });

  it('robots screen, people close: people follow up robot leads, convert at least 15% of them, and close most sales', () => {
    const dials = events.filter((e): e is Extract<CallEvent, { type: 'call.dialed' }> => e.type === 'call.dialed');
    const robotCalls = new Set(dials.filter((e) => e.channel === 'robot').map((e) => e.callId));
    const followUps = dials.filter((e) => e.leadCallId !== undefined);
    expect(followUps.length).toBeGreaterThan(100);
    // Every follow-up is a person's, of a robot call that produced a lead.
    const robotLeadCalls = new Set(
      events
        .filter((e) => e.type === 'call.outcome' && e.outcome === 'lead' && robotCalls.has(e.callId))
        .map((e) => (e as { callId: string }).callId),
    );
    expect(followUps.every((e) => e.channel === 'human' && robotLeadCalls.has(e.leadCallId!))).toBe(true);
    const hot = measure(events, 'human', 'follow-ups');
    expect(hot.conversion).toBeGreaterThanOrEqual(0.15);
    expect(measure(events, 'human').sales).toBeGreaterThan(measure(events, 'robot').sales);
  });

  it("robot-assisted conversations are effective at least 40% of the time (the floor's target)", () => {
    expect(measure(events, 'robot').effective).toBeGreaterThanOrEqual(0.4);
  });

  it('a small share of deliveries comes late or twice', () => {
    const late = deliveries.filter((d) => d.at - d.event.ts >= 60_000).length / deliveries.length;
    const duplicates = (deliveries.length - events.length) / deliveries.length;
    expect(late).toBeGreaterThan(0.005);
    expect(late).toBeLessThan(0.02);
    expect(duplicates).toBeGreaterThan(0.002);
    expect(duplicates).toBeLessThan(0.01);
  });

  it('rare dials outside 08:00–21:00 and rare numbers dialled more than 3 times a day', () => {
    const dials = events.filter((e): e is Extract<CallEvent, { type: 'call.dialed' }> => e.type === 'call.dialed');
    const outside = dials.filter((e) => {
      const p = localParts(e.ts, SPEC.zone);
      return p.hour < 8 || p.hour >= 21;
    }).length;
    expect(outside).toBeGreaterThan(0);
    expect(outside / dials.length).toBeLessThan(0.005);
    const perPhoneDay = new Map<string, number>();
    for (const d of dials) {
      const key = `${d.phone}|${Math.floor((d.ts - START) / DAY)}`;
      perPhoneDay.set(key, (perPhoneDay.get(key) ?? 0) + 1);
    }
    const overCap = [...perPhoneDay.values()].filter((n) => n > 3).length;
    expect(overCap).toBeGreaterThan(0);
    expect(overCap / dials.length).toBeLessThan(0.005);
  });

  it('phones are fake +86139 numbers; agents change state and ask for help', () => {
    const dials = events.filter((e): e is Extract<CallEvent, { type: 'call.dialed' }> => e.type === 'call.dialed');
    expect(dials.every((d) => /^\+86139\d{8}$/.test(d.phone ?? ''))).toBe(true);
    const states = events.filter((e) => e.type === 'agent.state');
    expect(new Set(states.map((e) => (e as { state: string }).state))).toEqual(
      new Set(['on_call', 'wrap_up', 'available', 'break', 'offline']),
    );
    expect(states.every((e) => !e.agentId.includes('-r'))).toBe(true);
    const help = events.filter((e) => e.type === 'help.requested').length;
    expect(help).toBeGreaterThan(5 * DAYS);
  });

  it('speed multiplies the volume and keeps the rates', () => {
    const fast = deliveriesBefore({ ...SPEC, speed: 4 }, START + DAY);
    const fastEvents = [...new Map(fast.map((d) => [d.event.id, d.event])).values()];
    const slowDials = measure(
      events.filter((e) => e.ts < START + DAY),
      'robot',
    ).dialed;
    const m = measure(fastEvents, 'robot');
    expect(m.dialed / slowDials).toBeGreaterThan(3.5);
    expect(m.dialed / slowDials).toBeLessThan(4.5);
    expect(m.connect).toBeGreaterThanOrEqual(0.35);
    expect(m.connect).toBeLessThanOrEqual(0.45);
  });
});
