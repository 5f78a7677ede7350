// @vitest-environment happy-dom

import type { Celebration } from '@floorpulse/shared';
import { mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import WallCelebration from '../../web/src/components/wall/WallCelebration.vue';
import { CelebrationQueue, type ShownCelebration } from '../../web/src/lib/celebration-queue';
import { setLocale } from '../../web/src/lib/i18n';
import { meta } from '../../web/src/lib/meta';

vi.mock('canvas-confetti', () => ({ default: { create: () => Object.assign(() => Promise.resolve(), { reset: () => undefined }) } }));

const T0 = Date.parse('2026-01-05T02:00:00Z');
const sale = (id: string, agentId: string, amount?: number): Celebration => ({
  id,
  kind: 'sale',
  agentId,
  teamId: 'north',
  title: 'Sale!',
  detail: '',
  at: '2026-01-05T02:00:00Z',
  ...(amount === undefined ? {} : { amount }),
});
const goal = (id: string): Celebration => ({
  id,
  kind: 'goal',
  teamId: 'north',
  title: 'Goal',
  detail: 'north met its goal',
  at: '2026-01-05T02:00:00Z',
});

describe('celebrations that do not cover the wall', () => {
  let shown: { at: number; c: ShownCelebration }[];
  let hidden: number[];
  let share: number | null;
  let q: CelebrationQueue;
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
    shown = [];
    hidden = [];
    share = 0.25;
    q = new CelebrationQueue({
      showMs: 6000,
      gapMs: 600,
      maxShare: () => share,
      now: () => Date.now(),
      onShow: (c) => shown.push({ at: Date.now() - T0, c }),
      onHide: () => hidden.push(Date.now() - T0),
    });
  });
  afterEach(() => {
    q.stop();
    vi.useRealTimers();
  });

  test('ten sales in one request: the first shows, the nine waiting merge into one card, in arrival order', () => {
    for (let i = 0; i < 10; i++) q.push(sale(`s${i}`, `agent${i}`));
    vi.advanceTimersByTime(60_000);
    expect(shown.map((s) => s.c.group?.map((m) => m.id) ?? s.c.id)).toEqual(['s0', ['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9']]);
    // Two cards of 6 s: 12 s of the minute, not 60.
    expect(shown.map((s) => s.at)).toEqual([0, 6600]);
  });

  test('three waiting still show one by one; a fourth makes them merge', () => {
    q.push(sale('a', 'A'));
    for (const id of ['b', 'c', 'd']) q.push(sale(id, id.toUpperCase()));
    vi.advanceTimersByTime(6600);
    expect(shown[1]?.c.id).toBe('b');
    expect(shown[1]?.c.group).toBeUndefined();

    q.push(sale('e', 'E'));
    q.push(sale('f', 'F'));
    q.push(sale('g', 'G'));
    vi.advanceTimersByTime(60_000);
    // b shown; c, d, e, f, g waiting (5 > 3): one card.
    expect(shown[2]?.c.group?.map((m) => m.id)).toEqual(['c', 'd', 'e', 'f', 'g']);
  });

  test('merging is per kind: a goal among the sales keeps its own card, after the sales', () => {
    q.push(sale('a', 'A'));
    q.push(sale('b', 'B'));
    q.push(goal('g1'));
    q.push(sale('c', 'C'));
    q.push(sale('d', 'D'));
    vi.advanceTimersByTime(120_000);
    expect(shown.map((s) => s.c.group?.map((m) => m.id) ?? s.c.id)).toEqual(['a', ['b', 'c', 'd'], 'g1']);
  });

  test('cards cover at most the configured share of any minute: the third waits until the minute allows it', () => {
    // 0.25 of a minute is 15 s: two 6-second cards fit, a third would make 18 s.
    q.push(sale('a', 'A'));
    q.push(sale('b', 'B'));
    q.push(goal('g1'));
    vi.advanceTimersByTime(120_000);
    expect(shown.map((s) => s.at)).toEqual([0, 6600, 57_000]);
    // Every minute-long window holds at most 15 s of cards.
    for (let w = -60_000; w <= 120_000; w += 100) {
      const covered = shown.reduce((sum, s) => sum + Math.max(0, Math.min(s.at + 6000, w + 60_000) - Math.max(s.at, w)), 0);
      expect(covered).toBeLessThanOrEqual(15_000);
    }
  });

  test('without a share from the server there is no limit, and a share under one card still lets one a minute through', () => {
    share = null;
    q.push(goal('g1'));
    q.push(goal('g2'));
    q.push(goal('g3'));
    vi.advanceTimersByTime(20_000);
    expect(shown.map((s) => s.at)).toEqual([0, 6600, 13_200]);
    share = 0.01;
    q.push(goal('g4'));
    q.push(goal('g5'));
    vi.advanceTimersByTime(200_000);
    // g4 waits until the minute since g3 began has passed; g5 a minute after g4.
    expect(shown.map((s) => s.at).slice(3)).toEqual([73_200, 133_200]);
  });
});

describe('the merged card', () => {
  test('reads "3 sales: 王芳, 李伟, 张敏" with the total amount, in the wall\'s language', async () => {
    setLocale('en');
    meta.currency = 'CNY';
    const group = [sale('a', '王芳', 1000), sale('b', '李伟', 2500), sale('c', '张敏')];
    const w = mount(WallCelebration, { props: { celebration: { ...group[0]!, group }, sound: false } });
    expect(w.get('.kind').text()).toBe('3 SALES');
    expect(w.get('[data-test=celebration-who]').text()).toBe('王芳, 李伟, 张敏');
    expect(w.get('.what').text()).toBe('¥3,500 in all');
    setLocale('zh-CN');
    await w.vm.$nextTick();
    expect(w.get('.kind').text()).toBe('3 笔成交！');
    expect(w.get('[data-test=celebration-who]').text()).toBe('王芳、李伟、张敏');
    setLocale('en');
    meta.currency = null;
  });

  test('names past six are counted, not listed', () => {
    setLocale('en');
    const group = Array.from({ length: 9 }, (_, i) => sale(`s${i}`, `agent${i}`));
    const w = mount(WallCelebration, { props: { celebration: { ...group[0]!, group }, sound: false } });
    expect(w.get('[data-test=celebration-who]').text()).toBe('agent0, agent1, agent2, agent3, agent4, agent5 +3 more');
  });
});
