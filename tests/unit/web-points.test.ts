// @vitest-environment happy-dom

import type { Leaderboard, MyPoints } from '@floorpulse/shared';
import { mount } from '@vue/test-utils';
import { beforeEach, describe, expect, test } from 'vitest';
import MePoints from '../../web/src/components/me/MePoints.vue';
import WallLeaderboard from '../../web/src/components/wall/WallLeaderboard.vue';
import { setLocale } from '../../web/src/lib/i18n';
import { wallRank } from '../../web/src/lib/wall-rank';

/** Points on the screens (docs/metrics.md, "Points"): /me's card, the wall's points board and its URL option. */
beforeEach(() => setLocale('en'));

const mine = (today: number, recent: MyPoints['recent']): MyPoints => ({
  from: '2026-11-19T16:00:00.000Z',
  to: '2026-11-20T16:00:00.000Z',
  today,
  recent,
});
const award = (rule: MyPoints['recent'][number]['rule'], points: number): MyPoints['recent'][number] => ({
  id: `${rule}:a1:x`,
  agentId: 'a1',
  rule,
  points,
  ref: 'x',
  at: '2026-11-20T06:00:00.000Z',
});

describe("/me's points", () => {
  test('not known yet is "—", never 0', () => {
    const w = mount(MePoints, { props: { points: null, stale: false } });
    expect(w.get('[data-test=points-today]').text()).toBe('—');
  });

  test('today\'s total and each award signed and named: "+50 daily goal met", "−30 violation"', () => {
    const w = mount(MePoints, { props: { points: mine(20, [award('dailyGoalMet', 50), award('violation', -30)]), stale: false } });
    expect(w.get('[data-test=points-today]').text()).toBe('20');
    const rows = w.findAll('[data-test=points-award]').map((r) => r.text());
    expect(rows[0]).toMatch(/^\+50 daily goal met/);
    expect(rows[1]).toMatch(/^−30 violation/);
    setLocale('zh-CN');
    const zh = mount(MePoints, { props: { points: mine(50, [award('dailyGoalMet', 50)]), stale: false } });
    expect(zh.get('[data-test=points-award]').text()).toMatch(/^\+50 完成每日目标/);
  });
});

describe('the wall ranked by points', () => {
  test('?rank= takes a listed ranking, anything else is sales', () => {
    expect(wallRank('points')).toBe('points');
    expect(wallRank('dials')).toBe('sales');
    expect(wallRank(null)).toBe('sales');
  });

  test('a points board titles itself and shows "N pts"; without points kept, "—"', () => {
    const board: Leaderboard = {
      scope: 'floor',
      metric: 'points',
      from: '2026-11-19T16:00:00.000Z',
      to: '2026-11-20T06:00:00.000Z',
      entries: [
        { agentId: 'a1', teamId: 'north', value: 72, sales: 1, effective: 3, points: 72 },
        { agentId: 'a2', teamId: 'north', value: null, sales: 2, effective: 0 },
      ],
    };
    const w = mount(WallLeaderboard, { props: { board, stale: false } });
    expect(w.get('h2').text()).toBe('Leaderboard · points today');
    expect(w.findAll('li .v').map((v) => v.text())).toEqual(['72 pts', '—']);
  });
});
