import { readFileSync } from 'node:fs';
import type { MyGoal, RatesSnapshot, Suggestion } from '@floorpulse/shared';
import { z } from 'zod';
import { assetPath } from '../config/app-root.js';

/*
 * The suggestion card of /me, chosen by rules kept as data (suggestions.json beside this file), like the
 * alert rules (server/src/rules/defaults.json): a rule is a list of conditions on named facts about my
 * day and a text in each language. Tips come first in file order, then praise; at most `max` cards.
 * Never a nag on a good day: when every `goodDay` condition holds, no tip is shown, only praise or nothing.
 */

const condition = z.strictObject({
  fact: z.string().min(1),
  op: z.enum(['>=', '<=', '>', '<', '==']),
  value: z.number().finite(),
  /** A fact with no data passes (default: fails, so no card is ever built on missing numbers). */
  orNull: z.boolean().default(false),
});
const wording = z.strictObject({ en: z.string().min(1), 'zh-CN': z.string().min(1) });
export const suggestionBookSchema = z.strictObject({
  max: z.number().int().min(0).max(2),
  goodDay: z.array(condition),
  rules: z.array(
    z.strictObject({ id: z.string().min(1), kind: z.enum(['tip', 'praise']), when: z.array(condition).min(1), text: wording }),
  ),
});
export type SuggestionBook = z.output<typeof suggestionBookSchema>;
type Condition = z.output<typeof condition>;

/** `appRoot`: config.APP_ROOT (the file is an asset: the compiled server reads it from the sources' place). */
export function loadSuggestionBook(appRoot?: string): SuggestionBook {
  return suggestionBookSchema.parse(JSON.parse(readFileSync(assetPath('suggestions', appRoot), 'utf8')));
}

/** Facts about my day: numbers, null where there is no data (a rate with nothing under it, no team). */
export type Facts = Record<string, number | null>;

/** Facts shown as a percentage in a card's text; every other fact is shown as a whole number. */
const PERCENT_FACTS = new Set(['myHangupRate', 'teamHangupRate']);

export function factsOf(d: {
  mine: RatesSnapshot;
  team: RatesSnapshot | null;
  goals: readonly MyGoal[];
  streakDays: number | null;
  minutesLeft: number;
}): Facts {
  const my = d.mine.rates.hangupRate;
  const team = d.team?.rates.hangupRate ?? null;
  // Points, not a ratio: 18 % against the team's 10 % is 8 points, what a supervisor would say.
  const gap = my !== null && team !== null ? (my - team) * 100 : null;
  const day = d.goals.filter((g) => g.period === 'day');
  const facts: Facts = {
    myDialed: d.mine.counts.dialed,
    myEnded: d.mine.counts.ended,
    myHangupRate: my,
    teamHangupRate: team,
    hangupGapPoints: gap,
    hangupGapAbs: gap === null ? null : Math.abs(gap),
    minutesLeft: d.minutesLeft,
    streakDays: d.streakDays,
    dayGoals: day.length,
    dayGoalsOpen: day.filter((g) => !g.met).length,
    goalsBehind: d.goals.filter((g) => !g.onPace).length,
  };
  for (const g of day) {
    const short = g.met ? 0 : Math.ceil(g.target - g.value);
    const behind = Math.max(0, Math.floor(g.expected) - g.value);
    facts[`dayShort:${g.metric}`] = Math.max(facts[`dayShort:${g.metric}`] ?? 0, short);
    facts[`dayBehind:${g.metric}`] = Math.max(facts[`dayBehind:${g.metric}`] ?? 0, behind);
  }
  return facts;
}

function holds(c: Condition, facts: Facts): boolean {
  const v = facts[c.fact];
  if (v === null || v === undefined) return c.orNull;
  switch (c.op) {
    case '>=':
      return v >= c.value;
    case '<=':
      return v <= c.value;
    case '>':
      return v > c.value;
    case '<':
      return v < c.value;
    default:
      return v === c.value;
  }
}

function render(text: string, facts: Facts): string {
  return text.replace(/\{([\w:]+)\}/g, (_all, name: string) => {
    const v = facts[name];
    if (v === null || v === undefined) return '—';
    return PERCENT_FACTS.has(name) ? `${(v * 100).toFixed(1)}%` : String(Math.round(v));
  });
}

/** The cards for these facts: tips (unless it is a good day), then praise, at most `book.max`. */
export function suggest(book: SuggestionBook, facts: Facts): Suggestion[] {
  const goodDay = book.goodDay.every((c) => holds(c, facts));
  const fired = book.rules.filter((r) => (r.kind === 'praise' || !goodDay) && r.when.every((c) => holds(c, facts)));
  return [...fired.filter((r) => r.kind === 'tip'), ...fired.filter((r) => r.kind === 'praise')]
    .slice(0, book.max)
    .map((r) => ({ id: r.id, kind: r.kind, text: { en: render(r.text.en, facts), 'zh-CN': render(r.text['zh-CN'], facts) } }));
}
