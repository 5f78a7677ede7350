// @vitest-environment happy-dom

import type { Celebration, Contest, StoredEvent } from '@floorpulse/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { contestPoint, fullStandings, statusAt, winnersOf } from '../../server/src/contests/contest-rules.js';
import { contestSqlText } from '../../server/src/contests/contest-sql-text.js';
import { ContestTally } from '../../server/src/contests/contest-tally.js';
import { floorInstant } from '../../web/src/lib/floor-time';
import { setLocale } from '../../web/src/lib/i18n';
import { celebrationText, celebrationWho } from '../../web/src/lib/wording';

const FROM = Date.parse('2026-11-20T06:00:00Z');
const TO = FROM + 3_600_000;
const T = { earlyHangupSeconds: 30, effectiveSeconds: 60 };
const contest = (over: Partial<Contest> = {}): Contest => ({
  id: 'k1',
  name: 'Sprint',
  kind: 'teams',
  metric: 'sales',
  from: new Date(FROM).toISOString(),
  to: new Date(TO).toISOString(),
  participants: ['team:north', 'team:south'],
  createdBy: 'admin',
  createdAt: new Date(FROM).toISOString(),
  ...over,
});
const sale = (ts: number, over: object = {}) =>
  ({
    id: `s${ts}`,
    type: 'call.outcome',
    ts,
    teamId: 'north',
    agentId: 'a1',
    callId: 'c',
    channel: 'human',
    outcome: 'sale',
    ...over,
  }) as StoredEvent;
const point = (e: StoredEvent, c: Contest = contest()) =>
  contestPoint(e, { ...c, fromMs: Date.parse(c.from), toMs: Date.parse(c.to) }, new Set(c.participants), T);

afterEach(() => setLocale('en'));

describe('what an event adds to a contest', () => {
  it('counts [from, to): the first millisecond, the last, never the end', () => {
    expect(point(sale(FROM))).toEqual({ participant: 'team:north', value: 1 });
    expect(point(sale(TO - 1))).toEqual({ participant: 'team:north', value: 1 });
    expect(point(sale(TO))).toBeNull();
    expect(point(sale(FROM - 1))).toBeNull();
  });

  it("never counts a robot line's event, nor a team or agent not in the race", () => {
    expect(point(sale(FROM, { channel: 'robot' }))).toBeNull();
    expect(point(sale(FROM, { teamId: 'east' }))).toBeNull();
    expect(point(sale(FROM, { agentId: 'a2' }), contest({ kind: 'agents', participants: ['agent:a1', 'agent:a3'] }))).toBeNull();
  });

  it('revenue adds the amount (0 without one), hot-lead sales only follow-ups, effective only at 60 s of talk', () => {
    expect(point(sale(FROM, { amount: 250 }), contest({ metric: 'revenue' }))?.value).toBe(250);
    expect(point(sale(FROM), contest({ metric: 'revenue' }))?.value).toBe(0);
    expect(point(sale(FROM), contest({ metric: 'hotLeadSales' }))).toBeNull();
    expect(point(sale(FROM, { leadCallId: 'bot-1' }), contest({ metric: 'hotLeadSales' }))?.value).toBe(1);
    const ended = (talkSeconds: number) =>
      ({
        id: `e${talkSeconds}`,
        type: 'call.ended',
        ts: FROM,
        teamId: 'north',
        agentId: 'a1',
        callId: 'c',
        answered: true,
        talkSeconds,
        hangupBy: 'agent',
      }) as StoredEvent;
    expect(point(ended(59), contest({ metric: 'effective' }))).toBeNull();
    expect(point(ended(60), contest({ metric: 'effective' }))?.value).toBe(1);
  });
});

describe('winners and ties (docs/rules.md, "Contests — ties")', () => {
  it('the most wins; a tie at the top is shared; nobody wins with 0', () => {
    const s = (north: number, south: number) => [
      { participant: 'team:north' as const, value: north },
      { participant: 'team:south' as const, value: south },
    ];
    expect(winnersOf(contest(), s(3, 2))).toEqual(['team:north']);
    expect(winnersOf(contest(), s(3, 3))).toEqual(['team:north', 'team:south']);
    expect(winnersOf(contest(), s(0, 0))).toEqual([]);
  });

  it('first to N: the earliest reach wins, the same millisecond shares it, nobody reaching it is no winner', () => {
    const c = contest({ kind: 'target', target: 2 });
    const at = (ms: number) => new Date(ms).toISOString();
    expect(
      winnersOf(c, [
        { participant: 'team:north', value: 2, reachedAt: at(FROM + 5) },
        { participant: 'team:south', value: 5, reachedAt: at(FROM + 9) },
      ]),
    ).toEqual(['team:north']);
    expect(
      winnersOf(c, [
        { participant: 'team:north', value: 2, reachedAt: at(FROM + 5) },
        { participant: 'team:south', value: 2, reachedAt: at(FROM + 5) },
      ]),
    ).toEqual(['team:north', 'team:south']);
    expect(winnersOf(c, [{ participant: 'team:north', value: 1 }])).toEqual([]);
  });

  it('a participant with nothing yet stands at 0, never missing; cancelled beats every other status', () => {
    expect(fullStandings(contest(), [{ participant: 'team:south', value: 2 }])).toEqual([
      { participant: 'team:north', value: 0 },
      { participant: 'team:south', value: 2 },
    ]);
    expect(statusAt(contest(), FROM - 1, false)).toBe('scheduled');
    expect(statusAt(contest(), FROM, false)).toBe('running');
    expect(statusAt(contest(), TO + 1, true)).toBe('decided');
    expect(statusAt(contest({ cancelledAt: new Date(FROM).toISOString() }), FROM, false)).toBe('cancelled');
  });
});

describe('the live tally', () => {
  it('counts an event once however often it comes (the SQL seed and a live batch overlap)', () => {
    const tally = new ContestTally();
    expect(tally.add('team:north', 'e1', FROM, 1)).toBe(true);
    expect(tally.add('team:north', 'e1', FROM, 1)).toBe(false);
    expect(tally.standings()).toEqual([{ participant: 'team:north', value: 1 }]);
  });

  it('reaches a target by event time, not arrival: a late event dated earlier moves the reach earlier', () => {
    const tally = new ContestTally();
    tally.add('agent:a1', 'x3', FROM + 3000, 1);
    tally.add('agent:a1', 'x1', FROM + 1000, 1);
    expect(tally.standings(2)).toEqual([{ participant: 'agent:a1', value: 2, reachedAt: new Date(FROM + 3000).toISOString() }]);
    tally.add('agent:a1', 'x2', FROM + 2000, 1);
    expect(tally.standings(2)[0]?.reachedAt).toBe(new Date(FROM + 2000).toISOString());
  });
});

describe("the result's SQL as the history page shows it", () => {
  it('writes every value in as a quoted literal, a quote in an id escaped', () => {
    const c = contest({ participants: ['team:north', "team:o'brien"] });
    const { sql } = contestSqlText({ contest: c, fromMs: FROM, toMs: TO, effectiveSeconds: 60 });
    expect(sql).toContain("p IN ['north', 'o\\'brien']");
    expect(sql).toContain(`fromUnixTimestamp64Milli(${FROM})`);
    expect(sql).toContain('FROM `call_events` AS e');
    expect(sql).not.toMatch(/\{\w+:/);
  });
});

describe("a contest's celebration card", () => {
  const won: Celebration = {
    id: 'contest:k1',
    kind: 'contest',
    title: 'Sprint',
    detail: 'North, South won Sprint with 3 sales',
    at: new Date(TO).toISOString(),
    wording: { rule: 'contest', vars: { name: 'Sprint', winners: '北区一组, 南区二组', value: 3, metric: 'sales' } },
  };
  it('names every winner of a shared win, and words it in the screen language', () => {
    expect(celebrationWho(won)).toBe('北区一组, 南区二组');
    setLocale('zh-CN');
    expect(celebrationText(won)).toBe('北区一组, 南区二组 以 3 成交 赢得「Sprint」');
    setLocale('en');
    expect(celebrationText(won)).toBe('北区一组, 南区二组 won Sprint with 3 Sales');
  });
});

describe("the form's window on the floor's clock", () => {
  it('is the floor zone instant, across New York daylight-saving days', () => {
    expect(floorInstant('2026-11-20', '14:00', 'Asia/Shanghai')).toBe(Date.parse('2026-11-20T06:00:00Z'));
    // 8 March 2026: 02:00 EST jumps to 03:00 EDT.
    expect(floorInstant('2026-03-08', '01:30', 'America/New_York')).toBe(Date.parse('2026-03-08T06:30:00Z'));
    expect(floorInstant('2026-03-08', '03:30', 'America/New_York')).toBe(Date.parse('2026-03-08T07:30:00Z'));
    // 1 November 2026: back to EST at 02:00.
    expect(floorInstant('2026-11-01', '00:30', 'America/New_York')).toBe(Date.parse('2026-11-01T04:30:00Z'));
    expect(floorInstant('2026-11-01', '03:30', 'America/New_York')).toBe(Date.parse('2026-11-01T08:30:00Z'));
  });
});
