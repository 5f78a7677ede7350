import { type Counts, computeRates, emptyCounts, type MyGoal, type RatesSnapshot } from '@floorpulse/shared';
import { describe, expect, it } from 'vitest';
import { factsOf, loadSuggestionBook, suggest, suggestionBookSchema } from '../../server/src/me/suggestions.js';

const book = loadSuggestionBook();

const snap = (c: Partial<Counts>): RatesSnapshot => {
  const counts = { ...emptyCounts(), ...c };
  return {
    scope: 'agent:a1',
    window: 'today',
    from: '2026-11-19T16:00:00.000Z',
    to: '2026-11-20T03:00:00.000Z',
    counts,
    rates: computeRates(counts),
  };
};
const goal = (g: Partial<MyGoal> & Pick<MyGoal, 'metric' | 'value' | 'target'>): MyGoal => ({
  goalId: `agent:a1:${g.metric}:${g.period ?? 'day'}`,
  scope: 'agent:a1',
  period: 'day',
  from: '2026-11-19T16:00:00.000Z',
  to: '2026-11-20T16:00:00.000Z',
  met: g.value >= g.target,
  expected: 0,
  onPace: true,
  ...g,
});
/** 20 ended calls with `early` 30 s hang-ups. */
const day = (early: number) => snap({ dialed: 60, answered: 20, ended: 20, earlyHangups: early, effective: 8 });
const ids = (f: Parameters<typeof factsOf>[0]) => suggest(book, factsOf(f)).map((s) => s.id);

describe('suggestions on /me, chosen by the rules in suggestions.json', () => {
  it('the shipped file validates, and every text has both languages with no unknown placeholder left', () => {
    expect(() => suggestionBookSchema.parse(book)).not.toThrow();
    const facts = factsOf({
      mine: day(8),
      team: day(2),
      goals: [goal({ metric: 'effective', value: 3, target: 5, expected: 4 }), goal({ metric: 'sales', value: 1, target: 2 })],
      streakDays: 3,
      minutesLeft: 30,
    });
    for (const rule of book.rules)
      for (const text of [rule.text.en, rule.text['zh-CN']])
        for (const [, name] of text.matchAll(/\{([\w:]+)\}/g)) expect(Object.keys(facts), `${rule.id}: {${name}}`).toContain(name);
  });

  it('a good day is never a nag: goals met or on pace and hang-ups near the team: praise or nothing', () => {
    const good = {
      mine: day(3),
      team: day(3),
      goals: [goal({ metric: 'effective', value: 4, target: 5, expected: 2.5, onPace: true })],
      streakDays: 0,
      minutesLeft: 30,
    };
    const out = suggest(book, factsOf(good));
    expect(out.filter((s) => s.kind === 'tip')).toEqual([]);
    expect(out.map((s) => s.id)).toEqual(['praise-on-pace']);
    // Every goal met: the praise for it, and nothing else to say.
    expect(ids({ ...good, goals: [goal({ metric: 'effective', value: 5, target: 5 })] })).toEqual(['praise-day-met']);
    // No goals, no data: nothing at all.
    expect(ids({ mine: snap({}), team: null, goals: [], streakDays: null, minutesLeft: 600 })).toEqual([]);
  });

  it('practise the opening: my 30 s hang-up rate 8 points or more above my team, on 10 calls or more', () => {
    const base = { goals: [], streakDays: null, minutesLeft: 300 };
    // 40 % against 30 %: 10 points.
    const out = suggest(book, factsOf({ ...base, mine: day(8), team: day(6) }));
    expect(out[0]).toMatchObject({ id: 'practise-opening', kind: 'tip' });
    expect(out[0]!.text.en).toContain("10 points above your team's (40.0% vs 30.0%)");
    expect(out[0]!.text['zh-CN']).toContain('高 10 个百分点（40.0% 对 30.0%）');
    // 7 points: not yet. 9 calls: too few to say.
    expect(ids({ ...base, mine: snap({ ended: 20, earlyHangups: 7 }), team: snap({ ended: 100, earlyHangups: 28 }) })).toEqual([]);
    expect(ids({ ...base, mine: snap({ ended: 9, earlyHangups: 9 }), team: day(0) })).toEqual([]);
    // No team (unknown) or no calls ended: no comparison, no card built on missing numbers.
    expect(ids({ ...base, mine: day(20), team: null })).toEqual([]);
  });

  it('N effective calls short with an hour or less left: push; not with hours to go, not when 4 or more short', () => {
    const at = (minutesLeft: number, value: number) => ({
      mine: day(4),
      team: day(4),
      goals: [goal({ metric: 'effective', value, target: 10, expected: 9.5, onPace: value >= 9 })],
      streakDays: 0,
      minutesLeft,
    });
    const push = suggest(book, factsOf(at(45, 8)));
    expect(push[0]).toMatchObject({ id: 'push-effective' });
    expect(push[0]!.text.en).toBe("2 more effective calls for today's goal, and 45 minutes left. One more push!");
    expect(ids(at(120, 8))).not.toContain('push-effective');
    expect(ids(at(45, 6))).not.toContain('push-effective');
    expect(ids(at(0, 8))).not.toContain('push-effective');
  });

  it('never more than two cards, tips before praise', () => {
    const busy = {
      mine: day(10),
      team: day(2),
      goals: [
        goal({ metric: 'effective', value: 2, target: 5, expected: 4.5, onPace: false }),
        goal({ metric: 'sales', value: 1, target: 2, expected: 1.8, onPace: true }),
      ],
      streakDays: 4,
      minutesLeft: 40,
    };
    const out = suggest(book, factsOf(busy));
    expect(out.map((s) => s.id)).toEqual(['practise-opening', 'push-effective']);
  });
});
