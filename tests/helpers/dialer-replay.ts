import { parseJsonMapping } from '../../server/src/dialers/mapping-file.js';
import { amiMessages, eslBodies } from './dialer-fixtures.js';

/**
 * Longer streams for the replay tests, made only of the fixtures' own messages: copy i of a fixture is
 * the same messages with every id moved (Uniqueids, channel sequence numbers, UUIDs) so the copies are
 * distinct calls, and its times moved (Timestamp, LastPause/LastCall/LoginTime; FreeSWITCH's µs and s
 * epochs) to land in the last hour. No message is made up: the shapes, order and fields are the recorded ones.
 */
const UUID = /\b([0-9a-f]{8})(-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/g;
const moveUuid = (text: string, i: number) =>
  text.replace(UUID, (_, h: string, rest: string) => `${((parseInt(h, 16) + i) >>> 0).toString(16).padStart(8, '0')}${rest}`);

/**
 * Who is who in the recorded streams the scripts replay, the mapping AMI_FLOOR_PER_COPY and
 * ESL_FLOOR_PER_COPY are hand-counted against: martin, anna and the robot-q4 campaign (the robot dial)
 * are in the AMI fixtures, dat (esl-datchuthanh) and ag1000 (esl-doc-callcenter) in the ESL ones.
 */
export const FLOOR_MAPPING = parseJsonMapping(
  JSON.stringify({
    agents: [
      { extension: 'PJSIP/1986', agentId: 'martin', teamId: 'north' },
      { extension: '2001', agentId: 'anna', teamId: 'north' },
      { extension: '02473001403', agentId: 'dat', teamId: 'hanoi' },
      { extension: '1000@default', agentId: 'ag1000', teamId: 'support' },
    ],
    campaigns: [
      { campaign: 'robot-q4', agentId: 'robot-7', teamId: 'north', channel: 'robot' },
      { campaign: 'outbound-q4', teamId: 'north', campaignId: 'q4' },
    ],
    outcomes: { SALE: 'sale' },
  }),
);

/** The first Timestamp of the documentation-based AMI fixture (docs: ami-16-doc-outbound-floor.ami). */
const AMI_DOC_BASE = 1770889000;
/** From its first to its last Timestamp. */
const DOC_SPAN_S = 990;

export function amiCopy(message: string, i: number, shiftS: number): string {
  return message
    .split('\r\n')
    .map((line) => {
      const t = /^(Timestamp|LastPause|LastCall|LoginTime): (\d+(?:\.\d+)?)$/.exec(line);
      if (t) {
        const v = Number(t[2]) + shiftS;
        return `${t[1]}: ${t[1] === 'Timestamp' ? v.toFixed(6) : Math.round(v)}`;
      }
      return moveUuid(line, i)
        .replace(/\b(1\d{9})\.(\d+)\b/g, (_, a: string, b: string) => `${Number(a) + i * 100_000}.${b}`)
        .replace(/-([0-9a-f]{8})\b/g, (_, h: string) => `-${(parseInt(h, 16) + i * 0x10000).toString(16).padStart(8, '0')}`);
    })
    .join('\r\n');
}

/**
 * `copies` × (the recorded answered call, the recorded cancelled dial, the documentation-based floor),
 * the floor's Timestamps moved so the copies start evenly over `spanS` seconds and the last one's events
 * (990 s: the documentation fixture's span) end 100 s before nowS — none in the future, which FloorPulse
 * refuses beyond 5 minutes.
 */
export function amiFloorScript(copies: number, nowS: number, spanS = 800 * copies): string[] {
  const out: string[] = [];
  for (let i = 0; i < copies; i++) {
    const shift = Math.round(nowS - 100 - DOC_SPAN_S - spanS + ((i + 1) * spanS) / copies) - AMI_DOC_BASE;
    for (const name of ['ami-13-answered-outbound.ami', 'ami-13-unanswered-cancel.ami', 'ami-16-doc-outbound-floor.ami']) {
      for (const m of amiMessages(name)) out.push(amiCopy(m, i, shift));
    }
  }
  return out;
}

/** What one copy of amiFloorScript must give (hand-counted from the fixtures; docs/connectors.md rules). */
export const AMI_FLOOR_PER_COPY = {
  // answered-outbound 1, cancel 1, doc floor 7 (A–D unanswered, E, F robot, G)
  dialed: 9,
  answered: 4,
  ended: 4,
  unanswered: 5,
  outcomes: 1,
  agentStates: 4,
  robotDials: 1,
  // answered-outbound: the customer hangs up after ~0 s (receipt times of a fast replay): an early hang-up.
  earlyHangups: 1,
  // E: 95 s (its Cdr)
  effective: 1,
  // E 95 + F 3 + G 42, plus answered-outbound's receipt-time interval (≪ 1 s in a fast replay)
  talkSecondsAtLeast: 140,
} as const;

export function eslCopy(body: string, i: number, shiftUs: number): string {
  return body
    .split('\n')
    .map((line) => {
      const m = /^([^:]+): (\d+)$/.exec(line);
      if (m && Number(m[2]) > 0) {
        if (/(Timestamp|-Time|_uepoch)$/.test(m[1]!)) return `${m[1]}: ${Number(m[2]) + shiftUs}`;
        if (/_epoch$/.test(m[1]!)) return `${m[1]}: ${Number(m[2]) + Math.round(shiftUs / 1e6)}`;
      }
      return moveUuid(line, i);
    })
    .join('\n');
}

const FIRST_US = (body: string) => Number(/Event-Date-Timestamp: (\d+)/.exec(body)?.[1] ?? 0);

/**
 * `copies` × (the recorded hangup pair of a bridged call, the recorded CHANNEL_CREATE, the recorded
 * inbound CHANNEL_ANSWER, the documentation-based callcenter agent), each fixture's times moved so copy i
 * starts at nowMs − (copies − i)·1000 s − 100 s.
 */
export function eslFloorScript(copies: number, nowMs: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < copies; i++) {
    const startUs = (nowMs - (copies - i) * 1_000_000 - 100_000) * 1000;
    for (const name of [
      'esl-libresbc-hangup-complete.esl',
      'esl-datchuthanh-channel-create.esl',
      'esl-cgrates-answer.esl',
      'esl-doc-callcenter-agent.esl',
    ]) {
      const bodies = eslBodies(name);
      const anchor = Math.min(...bodies.map(FIRST_US));
      for (const b of bodies) out.push(eslCopy(b, i, startUs - anchor));
    }
  }
  return out;
}

export const ESL_FLOOR_PER_COPY = { dialed: 2, answered: 1, ended: 1, agentStates: 6, talkSeconds: 4 } as const;
