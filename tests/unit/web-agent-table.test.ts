import type { AgentRow } from '@floorpulse/shared';
import { computeRates, emptyCounts } from '@floorpulse/shared';
import { describe, expect, it } from 'vitest';
import { visibleRange } from '../../web/src/composables/useVirtualRows';
import { filterAgents, minutesInState, type SortContext, sortAgents } from '../../web/src/lib/agent-table';

const NOW = Date.parse('2026-11-20T07:30:00.000Z');
const minAgo = (m: number) => new Date(NOW - m * 60_000).toISOString();
function row(
  agentId: string,
  o: { team?: string; state?: string; since?: number | null; dialed?: number; sales?: number; answered?: number } = {},
): AgentRow {
  const counts = { ...emptyCounts(), dialed: o.dialed ?? 0, sales: o.sales ?? 0, answered: o.answered ?? 0 };
  return {
    agentId,
    teamId: o.team ?? 'north',
    channel: 'human',
    state: o.state ?? '',
    stateReason: '',
    stateSince: o.since === undefined || o.since === null ? null : minAgo(o.since),
    counts,
    rates: computeRates(counts),
  };
}
const NAMES: Record<string, string> = { a1: '王芳', a2: '李伟', a3: '张敏', a4: '陈静' };
const ctx: SortContext = { name: (id) => NAMES[id] ?? id, teamName: (t) => t, goal: () => undefined, now: NOW };
const ids = (rows: AgentRow[]) => rows.map((r) => r.agentId);

describe('agents table: sorting', () => {
  const rows = [
    row('a1', { dialed: 10, sales: 2, answered: 5, state: 'break', since: 20 }),
    row('a2', { dialed: 30, sales: 1, answered: 10, state: 'available', since: 2 }),
    row('a3', { dialed: 20, sales: 2, answered: 0 }),
    row('a4', { dialed: 5, sales: 0, answered: 4, state: 'on_call', since: 40 }),
  ];
  it('sorts a count column both ways, ties by the name shown', () => {
    expect(ids(sortAgents(rows, { by: 'dialed', desc: true }, ctx))).toEqual(['a2', 'a3', 'a1', 'a4']);
    expect(ids(sortAgents(rows, { by: 'dialed', desc: false }, ctx))).toEqual(['a4', 'a1', 'a3', 'a2']);
    // a1 and a3 both have 2 sales: 王芳 before 张敏 by the locale's order of the names, either direction.
    const bySales = ids(sortAgents(rows, { by: 'sales', desc: true }, ctx));
    expect(bySales.slice(2)).toEqual(['a2', 'a4']);
    expect(new Set(bySales.slice(0, 2))).toEqual(new Set(['a1', 'a3']));
  });
  it('puts "no data" last in either direction: a rate with no denominator is not a low number', () => {
    // a3 answered nothing: conversion is null ("—").
    expect(ids(sortAgents(rows, { by: 'conversionRate', desc: true }, ctx)).at(-1)).toBe('a3');
    expect(ids(sortAgents(rows, { by: 'conversionRate', desc: false }, ctx)).at(-1)).toBe('a3');
    expect(ids(sortAgents(rows, { by: 'since', desc: false }, ctx)).at(-1)).toBe('a3');
  });
  it('sorts by time in state, longest first, and by the names shown rather than the ids', () => {
    expect(ids(sortAgents(rows, { by: 'since', desc: true }, ctx))).toEqual(['a4', 'a1', 'a2', 'a3']);
    const byName = ids(sortAgents(rows, { by: 'agentId', desc: false }, ctx));
    expect(byName).toEqual([...rows].sort((x, y) => ctx.name(x.agentId).localeCompare(ctx.name(y.agentId))).map((r) => r.agentId));
  });
});

describe('agents table: the state filter with a duration', () => {
  const rows = [
    row('a1', { state: 'break', since: 20 }),
    row('a2', { state: 'break', since: 14 }),
    row('a3', { state: 'break', since: 15 }),
    row('a4', { state: 'available', since: 30, team: 'south' }),
    row('a5'),
  ];
  it('"on break for more than 15 min" keeps the breaks of 15 min and more only', () => {
    expect(ids(filterAgents(rows, { state: 'break', minMinutes: 15, team: '' }, NOW))).toEqual(['a1', 'a3']);
  });
  it('a state alone, a duration alone (any state), a team', () => {
    expect(ids(filterAgents(rows, { state: 'break', minMinutes: 0, team: '' }, NOW))).toEqual(['a1', 'a2', 'a3']);
    // An agent with no state today has no time in state: a duration leaves them out.
    expect(ids(filterAgents(rows, { state: '', minMinutes: 16, team: '' }, NOW))).toEqual(['a1', 'a4']);
    expect(ids(filterAgents(rows, { state: '', minMinutes: 0, team: 'south' }, NOW))).toEqual(['a4']);
    expect(filterAgents(rows, { state: '', minMinutes: 0, team: '' }, NOW)).toHaveLength(5);
  });
  it('counts whole minutes in state, never negative, null without a state', () => {
    expect(minutesInState(row('x', { state: 'break', since: 15.9 }), NOW)).toBe(15);
    expect(minutesInState(row('x', { state: 'break', since: -1 }), NOW)).toBe(0);
    expect(minutesInState(row('x'), NOW)).toBeNull();
  });
});

describe('virtualised rows: the window in the DOM', () => {
  const base = { rowHeight: 40, viewport: 400, count: 500, overscan: 5 };
  it('at the top: the rows in view and the overscan below, the rest as space after', () => {
    expect(visibleRange({ ...base, scrollTop: 0 })).toEqual({ start: 0, end: 16, before: 0, after: (500 - 16) * 40 });
  });
  it('scrolled into the middle: overscan either side, space before and after adds up to the rows left out', () => {
    const r = visibleRange({ ...base, scrollTop: 4000 });
    expect(r).toEqual({ start: 95, end: 116, before: 95 * 40, after: (500 - 116) * 40 });
    expect(r.before + (r.end - r.start) * 40 + r.after).toBe(500 * 40);
  });
  it('at the end, past it (a list that shrank under the scroll), and an empty list', () => {
    expect(visibleRange({ ...base, scrollTop: 500 * 40 - 400 })).toMatchObject({ end: 500, after: 0 });
    const shrunk = visibleRange({ ...base, count: 10, scrollTop: 4000 });
    expect(shrunk.start).toBeLessThanOrEqual(shrunk.end);
    expect(shrunk.before + (shrunk.end - shrunk.start) * 40 + shrunk.after).toBe(10 * 40);
    expect(visibleRange({ ...base, count: 0, scrollTop: 0 })).toEqual({ start: 0, end: 0, before: 0, after: 0 });
  });
});
