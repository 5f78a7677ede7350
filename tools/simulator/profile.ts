import type { Channel } from '@floorpulse/shared';

/** How one kind of seat behaves. Bands are drawn per agent, so a floor has good and weak performers. */
export interface SeatProfile {
  channel: Channel;
  /** About 98 calls a day for a person, about 800 for a robot line (docs/metrics.md, "The floor"). */
  dialsPerDay: number;
  /** Working periods, local minutes since midnight. */
  shifts: readonly (readonly [number, number])[];
  /** connect 35–45% (docs/metrics.md, "The floor"). */
  connect: readonly [number, number];
  /** Share of conversations that are 30-second customer hang-ups: about 30% (docs/metrics.md). */
  earlyHangup: readonly [number, number];
  /** sales / answered: 3.8% on average, 9.2% on the best floors; pure robot ~5% (docs/metrics.md). */
  conversion: readonly [number, number];
  /** leads / answered: robots pre-screen "hot leads". */
  lead: number;
  /** Median seconds of a conversation beyond its first 30 s. */
  talkMedianSeconds: number;
  /** QA-robot reminders per conversation. */
  reminder: number;
  /** Local minutes of the rare dial outside 08:00–21:00. */
  rogueWindow: readonly [number, number];
  /** Seconds the phone rings before it is answered or given up. */
  ringSeconds: readonly [number, number];
}

const H = 60;

export const HUMAN: SeatProfile = {
  channel: 'human',
  dialsPerDay: 98,
  shifts: [
    [9 * H, 12 * H],
    [13 * H, 18 * H],
  ],
  connect: [0.37, 0.43],
  earlyHangup: [0.25, 0.33],
  conversion: [0.05, 0.09],
  lead: 0.1,
  talkMedianSeconds: 200,
  reminder: 0.03,
  rogueWindow: [7 * H + 40, 7 * H + 58],
  ringSeconds: [6, 25],
};

export const ROBOT: SeatProfile = {
  channel: 'robot',
  dialsPerDay: 800,
  shifts: [[8 * H, 21 * H]],
  connect: [0.36, 0.42],
  earlyHangup: [0.27, 0.35],
  // A robot line screens and hands its leads to people (FLOOR.followUp); it closes few sales itself.
  conversion: [0.01, 0.02],
  lead: 0.15,
  talkMedianSeconds: 45,
  reminder: 0,
  rogueWindow: [21 * H + 1, 21 * H + 12],
  ringSeconds: [5, 20],
};

/** Floor-wide rates of the rarer things. */
export const FLOOR = {
  /** Complaints at or under 0.3% of answered calls (docs/metrics.md). */
  complaint: 0.003,
  /** A QA system's violation flag (false claims) per human conversation. */
  falseClaim: 0.001,
  /** Per seat per day: one dial outside the legal calling hours. */
  outsideHoursPerDay: 0.12,
  /** A dial re-uses a recently dialled number... */
  redial: 0.02,
  /** ...and rarely an agent insists: the same number four times, over the cap of 3 a day. */
  stubborn: 0.002,
  /** Consent already expired at dial time. */
  expiredConsent: 0.002,
  /** Help requests per human conversation. */
  help: 0.03,
  /** A short break after a call, per human call (about two a shift). */
  breakAfterCall: 2 / 98,
  /** Deliveries a few minutes late (an event-time window must still place them right). */
  late: 0.01,
  /** Deliveries sent twice (a retrying dialer): FloorPulse must count them once. */
  duplicate: 0.005,
  /**
   * The division of labour (docs/metrics.md, "Hot leads"): robot lines screen leads, people call them
   * back and close. A person's next dial is a follow-up of the team's oldest waiting lead this often,
   * once the lead has waited `followUpAfterMin` (the robot's note reaches the person) and until it is
   * `followUpExpireMin` old (a cold lead is left).
   */
  followUp: 0.8,
  followUpAfterMin: [2, 10] as readonly [number, number],
  followUpExpireMin: 240,
  /** A screened customer expects the call: answered more often than a cold dial. */
  followUpConnect: 0.6,
  /** sales / answered follow-ups: the material's target is at least 15 %. */
  followUpSale: 0.2,
  /** Share of a person's conversations the customer rates (the post-call survey, 1–5) and QA reviews. */
  rated: 0.25,
  qaReviewed: 0.1,
} as const;

export const TEAM_NAMES = ['north', 'south', 'east', 'west', 'central', 'harbour', 'river', 'summit'] as const;
/** What agents type when they raise a hand; the floors are in China, so in Chinese (the screens quote it as typed). */
export const HELP_MESSAGES = ['客户询问解约费用', '客户要求找主管', '不确定哪个套餐适合这位客户', '客户对之前的扣费有异议'] as const;
