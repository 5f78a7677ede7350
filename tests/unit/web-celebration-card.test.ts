// @vitest-environment happy-dom

import type { Celebration } from '@floorpulse/shared';
import { mount } from '@vue/test-utils';
import { describe, expect, test, vi } from 'vitest';
import { setLocale } from '../../web/src/lib/i18n';
import { roster } from '../../web/src/lib/roster-names';

// confetti draws on a canvas happy-dom does not have; what is tested here is the card's text.
vi.mock('canvas-confetti', () => ({ default: { create: () => Object.assign(() => Promise.resolve(), { reset: () => {} }) } }));
const { default: WallCelebration } = await import('../../web/src/components/wall/WallCelebration.vue');

const sale: Celebration = {
  id: 'sale:e1',
  kind: 'sale',
  agentId: 'LiWei',
  teamId: 'north',
  title: 'Sale!',
  detail: 'LiWei (team north) closed a sale (38,880)',
  amount: 38880,
  at: '2026-01-05T02:00:00Z',
};

describe('the celebration card', () => {
  test("words a sale in the wall's language, with the amount formatted for it", async () => {
    setLocale('zh-CN');
    const w = mount(WallCelebration, { props: { celebration: sale, sound: false } });
    expect(w.get('[data-test=celebration]').text()).toContain('成交！');
    expect(w.get('[data-test=celebration]').text()).toContain('north 组 成交一单，金额 38,880');
    setLocale('en');
    await w.vm.$nextTick();
    expect(w.get('[data-test=celebration]').text()).toContain('Team north closed a sale of 38,880');
  });

  test("words the star of the week in the wall's language: the person by name, the score and the week", async () => {
    setLocale('zh-CN');
    roster.apply({ agents: [{ id: 'WangFang', name: '王芳', teamId: 'north', channel: 'human', active: true }], teams: [] });
    const star: Celebration = {
      id: 'star:2026-11-23',
      kind: 'star',
      agentId: 'WangFang',
      teamId: 'north',
      title: 'Star of the week: WangFang',
      detail: 'KPI score 84 for the week of 2026-11-23',
      wording: { rule: 'star-of-week', vars: { agent: 'WangFang', score: 84, week: '2026-11-23' } },
      at: '2026-11-30T00:01:00Z',
    };
    const w = mount(WallCelebration, { props: { celebration: star, sound: false } });
    const text = w.get('[data-test=celebration]').text();
    expect(text).toContain('本周之星！');
    expect(text).toContain('王芳');
    expect(text).toContain('2026-11-23 这一周 KPI 评分 84');
    setLocale('en');
    await w.vm.$nextTick();
    expect(w.get('[data-test=celebration]').text()).toContain('KPI score 84 for the week of 2026-11-23');
  });

  test("shows the rule's own message for other kinds", () => {
    setLocale('en');
    const w = mount(WallCelebration, {
      props: {
        celebration: { ...sale, id: 'm', kind: 'milestone', agentId: undefined, detail: 'Team north reached 300 hot leads today!' },
        sound: false,
      },
    });
    expect(w.get('[data-test=celebration]').text()).toContain('Team north reached 300 hot leads today!');
  });

  test('names the person and the team as the roster does, and follows a rename without a new card', async () => {
    setLocale('zh-CN');
    roster.load({
      agents: [{ id: 'LiWei', name: '李伟', teamId: 'north', channel: 'human', active: true }],
      teams: [{ id: 'north', name: '北区一组', timeZone: 'Asia/Shanghai', supervisors: [] }],
      unlisted: [{ id: 'LiWei', teamId: 'north', channel: 'human', lastSeen: '2026-01-05T02:00:00.000Z' }],
      unlistedTotal: 1,
    });
    const w = mount(WallCelebration, { props: { celebration: sale, sound: false } });
    expect(w.get('[data-test=celebration-who]').text()).toBe('李伟');
    expect(w.get('[data-test=celebration]').text()).toContain('北区一组 成交一单，金额 38,880');
    roster.apply({ agents: [{ id: 'LiWei', name: '李伟伟', teamId: 'north', channel: 'human', active: true }], teams: [] });
    await w.vm.$nextTick();
    expect(w.get('[data-test=celebration-who]').text()).toBe('李伟伟');
    // An agent in the roster is no longer "not in the roster".
    expect(roster.unlisted).toEqual({ list: [], total: 0 });
    // One the roster does not list shows by its id.
    await w.setProps({ celebration: { ...sale, id: 'sale:e2', agentId: 'nc-7781' } });
    expect(w.get('[data-test=celebration-who]').text()).toBe('nc-7781');
    roster.load({ agents: [], teams: [], unlisted: [], unlistedTotal: 0 });
  });
});
