import type { AgentState, CallEvent, Channel } from '@floorpulse/shared';
import { type Delivery, DeliveryQueue, type QueuedDelivery } from './delivery-queue.js';
import { Prng } from './prng.js';
import { FLOOR, HELP_MESSAGES, HUMAN, ROBOT, type SeatProfile, TEAM_NAMES } from './profile.js';
import { ShiftClock } from './shift-clock.js';

export type { Delivery } from './delivery-queue.js';

export interface FloorSpec {
  seed: number;
  /** Virtual start (epoch ms): nothing happens before it. With the seed it fixes every event. */
  start: number;
  /** The floor's IANA zone: shifts and calling hours are local. */
  zone: string;
  teams: number;
  /** Human agents per team. */
  agentsPerTeam: number;
  /** Robot dialer lines per team. */
  robotsPerTeam: number;
  /** Multiplies every seat's dial rate (1 = the industry's 98 and 800 a day); the rates stay the same. */
  speed: number;
}

interface Seat {
  teamId: string;
  agentId: string;
  campaignId: string;
  profile: SeatProfile;
  connect: number;
  early: number;
  conversion: number;
  meanGapMs: number;
  nextDialAt: number;
  /** Rare dials outside calling hours, sorted. */
  extra: number[];
  recent: string[];
  stubborn: { phone: string; left: number } | null;
  /**
   * Works by the book: no dial outside the hours, on expired consent or past the cap, no false claim and
   * no complaint. One such person per floor: the star of the week excludes anyone with a violation, and a
   * floor where everyone has one every week would never show a star (docs/metrics.md, "Star of the week").
   */
  byTheBook: boolean;
  /** State changes not yet superseded, in ts order (humans only). */
  states: { ts: number; state: AgentState; deliveries: QueuedDelivery[] }[];
}

const SEC = 1000;
const MIN = 60 * SEC;
const DAY = 24 * 60 * MIN;
const CAMPAIGNS = ['card-upgrade', 'health-insurance', 'wealth-fund'] as const;

/** An event before it gets its id and time (distributes over the union, unlike a plain Omit). */
type Draft = CallEvent extends infer E ? (E extends CallEvent ? Omit<E, 'id' | 'ts'> : never) : never;

/**
 * The demo floor as a pure function of (spec): an endless sequence of deliveries in send order
 * (`at` ascending). Same seed and start → the same events, ids included. It never reads the clock.
 */
export function* generateFloor(spec: FloorSpec): Generator<Delivery, void, undefined> {
  if (spec.teams < 1 || spec.agentsPerTeam + spec.robotsPerTeam < 1 || !(spec.speed > 0))
    throw new RangeError('a floor needs at least one team, one seat and a speed > 0');
  const rng = new Prng(spec.seed);
  const clock = new ShiftClock(spec.zone);
  const queue = new DeliveryQueue();
  // The start is part of every id: two runs of one seed from different starts never collide in dedupe.
  const prefix = `sim${spec.seed}-${spec.start.toString(36)}-`;
  let eventSeq = 0;
  let callSeq = 0;

  const send = (ts: number, event: Draft): QueuedDelivery[] => {
    const full = { id: `${prefix}e${eventSeq++}`, ts, ...event } as CallEvent;
    const at = rng.chance(FLOOR.late) ? ts + Math.round(rng.uniform(1 * MIN, 8 * MIN)) : ts;
    const out = [queue.push(at, full)];
    if (rng.chance(FLOOR.duplicate)) out.push(queue.push(at + Math.round(rng.uniform(1 * SEC, 2 * MIN)), full));
    return out;
  };

  const seats = buildSeats(spec, rng);
  /** Per team, the robot-screened leads waiting for a person, oldest first. */
  const leads = new Map<string, { callId: string; phone: string; readyAt: number }[]>();
  const takeLead = (teamId: string, t: number) => {
    const waiting = leads.get(teamId);
    if (!waiting) return undefined;
    while (waiting.length > 0 && waiting[0]!.readyAt + FLOOR.followUpExpireMin * MIN < t) waiting.shift();
    const first = waiting[0];
    if (!first || first.readyAt > t || !rng.chance(FLOOR.followUp)) return undefined;
    return waiting.shift();
  };
  const nextDial = (seat: Seat, from: number): number => {
    let t = clock.nextWorking(from, seat.profile.shifts);
    for (;;) {
      const end = clock.shiftEnd(t, seat.profile.shifts);
      const candidate = t + rng.exponential(seat.meanGapMs);
      if (candidate < end) return Math.round(candidate);
      if (seat.profile.channel === 'human') setState(seat, end, sameDayShiftAfter(seat, end) ? 'break' : 'offline');
      t = clock.nextWorking(end, seat.profile.shifts);
    }
  };
  const sameDayShiftAfter = (seat: Seat, ms: number): boolean => {
    const { start } = clock.day(ms);
    return seat.profile.shifts.some(([a]) => start + a * MIN > ms);
  };
  const setState = (seat: Seat, ts: number, state: AgentState): void => {
    const last = seat.states[seat.states.length - 1];
    const at = last && last.ts >= ts ? last.ts + SEC : ts;
    if (last?.state === state) return;
    const deliveries = send(at, { type: 'agent.state', teamId: seat.teamId, agentId: seat.agentId, state });
    seat.states.push({ ts: at, state, deliveries });
    if (seat.states.length > 16) seat.states.splice(0, seat.states.length - 16);
  };
  const planRogues = (day: { start: number; end: number }): void => {
    for (const seat of seats) {
      if (seat.byTheBook || !rng.chance(FLOOR.outsideHoursPerDay)) continue;
      const t = Math.round(day.start + rng.uniform(seat.profile.rogueWindow[0], seat.profile.rogueWindow[1]) * MIN);
      if (t >= spec.start) seat.extra.push(t);
    }
  };

  for (const seat of seats) seat.nextDialAt = nextDial(seat, spec.start);
  let day = clock.day(spec.start);
  planRogues(day);
  for (;;) {
    let seat = seats[0]!;
    let t = Infinity;
    let rogue = false;
    for (const s of seats) {
      if (s.nextDialAt < t) [seat, t, rogue] = [s, s.nextDialAt, false];
      const e = s.extra[0];
      if (e !== undefined && e < t) [seat, t, rogue] = [s, e, true];
    }
    if (t >= day.end) {
      day = clock.day(day.end);
      planRogues(day);
      continue;
    }
    // Every event generated from now on has ts ≥ t, so whatever is due by t is final: send it.
    for (let d = queue.peek(); d && d.at <= t; d = queue.peek()) {
      queue.pop();
      if (!d.cancelled) yield { at: d.at, event: d.event };
    }
    const freeAt = placeCall(seat, t);
    if (rogue) seat.extra.shift();
    else seat.nextDialAt = nextDial(seat, Math.max(t + 1, freeAt));
  }

  /** Places one call and everything that follows from it; returns the end of a break it starts (else 0). */
  function placeCall(seat: Seat, t: number): number {
    const human = seat.profile.channel === 'human';
    const call = { teamId: seat.teamId, agentId: seat.agentId, callId: `${prefix}c${callSeq++}`, campaignId: seat.campaignId };
    if (human) beginCall(seat, t);
    const consentExpiresAt =
      rng.chance(FLOOR.expiredConsent) && !seat.byTheBook
        ? t - Math.round(rng.uniform(1, 30) * DAY)
        : t + Math.round(rng.uniform(30, 365) * DAY);
    const lead = human ? takeLead(seat.teamId, t) : undefined;
    const phone = lead?.phone ?? choosePhone(seat);
    send(t, {
      type: 'call.dialed',
      ...call,
      channel: seat.profile.channel,
      phone,
      consentExpiresAt,
      ...(lead ? { leadCallId: lead.callId } : {}),
    });
    const ringMs = Math.round(rng.uniform(seat.profile.ringSeconds[0], seat.profile.ringSeconds[1]) * SEC);
    if (!rng.chance(lead ? FLOOR.followUpConnect : seat.connect)) {
      send(t + ringMs, { type: 'call.ended', ...call, answered: false, talkSeconds: 0, hangupBy: 'system' });
      return human ? afterCall(seat, t + ringMs) : 0;
    }
    const answeredAt = t + ringMs;
    send(answeredAt, { type: 'call.answered', ...call });
    const early = rng.chance(seat.early);
    // Early: a 30-second customer hang-up (docs/metrics.md). Otherwise 30 s plus a log-normal tail around the median.
    const talkSeconds = early
      ? rng.int(2, 29)
      : Math.min(3600, 30 + Math.round(seat.profile.talkMedianSeconds * Math.exp(0.8 * rng.normal())));
    const end = answeredAt + talkSeconds * SEC;
    send(end, { type: 'call.ended', ...call, answered: true, talkSeconds, hangupBy: early || rng.chance(0.45) ? 'customer' : 'agent' });
    if (!early) {
      // Sales only come from real conversations, so their share is scaled up to hit sales/answered.
      const r = rng.next() * (1 - seat.early);
      const pSale = lead ? FLOOR.followUpSale : seat.conversion;
      const pLead = lead ? 0 : seat.profile.lead;
      const outcome =
        r < pSale
          ? 'sale'
          : r < pSale + pLead
            ? 'lead'
            : r < pSale + pLead + 0.12
              ? 'callback'
              : r < pSale + pLead + 0.14
                ? 'do_not_call'
                : 'not_interested';
      const amount = outcome === 'sale' ? rng.int(5, 200) * 100 : undefined;
      const outcomeAt = end + rng.int(2, 20) * SEC;
      send(outcomeAt, { type: 'call.outcome', ...call, outcome, ...(amount === undefined ? {} : { amount }) });
      if (!human && outcome === 'lead') {
        const readyAt = outcomeAt + Math.round(rng.uniform(...FLOOR.followUpAfterMin) * MIN);
        const waiting = leads.get(seat.teamId) ?? [];
        waiting.push({ callId: call.callId, phone, readyAt });
        leads.set(seat.teamId, waiting);
      }
      if (human && rng.chance(seat.profile.reminder))
        send(answeredAt + Math.round((talkSeconds * SEC) / 2), {
          type: 'compliance.flag',
          ...call,
          rule: 'script_reminder',
          severity: 'reminder',
        });
      if (human && rng.chance(FLOOR.falseClaim) && !seat.byTheBook)
        send(end + rng.int(1, 5) * MIN, { type: 'compliance.flag', ...call, rule: 'false_claim', severity: 'violation' });
      if (human && rng.chance(FLOOR.rated)) {
        // Mostly 4s and 5s, a sale or a long talk pleases more: a survey's usual skew.
        const pleased = outcome === 'sale' || talkSeconds > 180;
        const satisfaction = Math.min(5, Math.max(1, Math.round(rng.normal() * 0.9 + (pleased ? 4.4 : 3.8))));
        send(end + rng.int(1, 10) * MIN, { type: 'call.rated', ...call, satisfaction });
      }
      if (human && rng.chance(FLOOR.qaReviewed)) {
        const score = (mean: number) => Math.min(100, Math.max(0, Math.round(mean + rng.normal() * 10)));
        send(end + rng.int(10, 60) * MIN, {
          type: 'qa.scored',
          ...call,
          scriptAccuracy: score(seat.early < 0.3 ? 88 : 80),
          needsDiscovery: score(lead ? 82 : 74),
          attitude: score(86),
        });
      }
      if (human && rng.chance(FLOOR.help)) {
        send(answeredAt + Math.round((talkSeconds * SEC) / 3), {
          type: 'help.requested',
          teamId: seat.teamId,
          agentId: seat.agentId,
          message: rng.pick(HELP_MESSAGES),
        });
      }
    }
    if (rng.chance(FLOOR.complaint) && !seat.byTheBook)
      send(end + rng.int(5, 30) * MIN, { type: 'compliance.flag', ...call, rule: 'complaint', severity: 'violation' });
    return human ? afterCall(seat, end) : 0;
  }

  /** A new call supersedes the wrap-up, break and "available" still pending from the last one. */
  function beginCall(seat: Seat, t: number): void {
    while (seat.states.length > 0 && seat.states[seat.states.length - 1]!.ts > t) {
      for (const d of seat.states.pop()!.deliveries) d.cancelled = true;
    }
    setState(seat, t, 'on_call');
  }

  function afterCall(seat: Seat, end: number): number {
    setState(seat, end, 'wrap_up');
    const free = end + rng.int(5, 25) * SEC;
    if (!rng.chance(FLOOR.breakAfterCall)) {
      setState(seat, free, 'available');
      // Dials keep their Poisson pace from the last dial: above speed 1 a seat's calls overlap, which
      // only the states show (a newer call supersedes them), never the counts.
      return 0;
    }
    setState(seat, free, 'break');
    const back = free + Math.round(rng.uniform(10, 15) * MIN);
    setState(seat, back, 'available');
    return back;
  }

  function choosePhone(seat: Seat): string {
    let phone: string;
    if (seat.stubborn && seat.stubborn.left > 0) {
      seat.stubborn.left--;
      phone = seat.stubborn.phone;
    } else if (rng.chance(FLOOR.stubborn) && !seat.byTheBook) {
      phone = fakePhone(rng);
      // Three more dials to one number: four in a day, over the default cap of 3.
      seat.stubborn = { phone, left: 3 };
    } else if (seat.recent.length > 0 && rng.chance(FLOOR.redial) && !seat.byTheBook) phone = rng.pick(seat.recent);
    else phone = fakePhone(rng);
    seat.recent.push(phone);
    if (seat.recent.length > 20) seat.recent.shift();
    return phone;
  }
}

/** +86 139 and eight digits: shaped like a mainland mobile, drawn at random, never a real subscriber list. */
function fakePhone(rng: Prng): string {
  return `+86139${String(rng.int(0, 99_999_999)).padStart(8, '0')}`;
}

function buildSeats(spec: FloorSpec, rng: Prng): Seat[] {
  const seats: Seat[] = [];
  for (let t = 0; t < spec.teams; t++) {
    const teamId = TEAM_NAMES[t] ?? `team${t + 1}`;
    const campaignId = CAMPAIGNS[t % CAMPAIGNS.length]!;
    const add = (profile: SeatProfile, agentId: string) => {
      const shiftMs = profile.shifts.reduce((sum, [a, b]) => sum + (b - a) * MIN, 0);
      seats.push({
        teamId,
        agentId,
        campaignId,
        profile,
        connect: rng.uniform(...profile.connect),
        early: rng.uniform(...profile.earlyHangup),
        conversion: rng.uniform(...profile.conversion),
        meanGapMs: shiftMs / (profile.dialsPerDay * spec.speed),
        nextDialAt: 0,
        extra: [],
        recent: [],
        stubborn: null,
        byTheBook: seats.length === 0 && profile.channel === 'human',
        states: [],
      });
    };
    for (let i = 1; i <= spec.agentsPerTeam; i++) add(HUMAN, `${teamId}-a${i}`);
    for (let i = 1; i <= spec.robotsPerTeam; i++) add(ROBOT, `${teamId}-r${i}`);
  }
  return seats;
}

/** Every delivery sent before `end` (for tests, files and backfills). */
export function deliveriesBefore(spec: FloorSpec, end: number): Delivery[] {
  const out: Delivery[] = [];
  for (const d of generateFloor(spec)) {
    if (d.at >= end) break;
    out.push(d);
  }
  return out;
}

export type { Channel };
