// @vitest-environment happy-dom

import type { HonoursAnswer } from '@floorpulse/shared';
import { mount } from '@vue/test-utils';
import { beforeEach, describe, expect, test } from 'vitest';
import { setLocale } from '../../web/src/lib/i18n';

const { default: WallHonours } = await import('../../web/src/components/wall/WallHonours.vue');

/** The honour roll's card on its own: names first, "—" for a champion nobody is yet, never a 0. */
beforeEach(() => setLocale('en'));

const answer: HonoursAnswer = {
  zone: 'Asia/Shanghai',
  at: '2026-12-01T06:00:00.000Z',
  stars: [
    { weekStart: '2026-11-23', weekEnd: '2026-11-30', agentId: 'WangFang', name: '王芳', teamId: 'north', score: 84.6 },
    { weekStart: '2026-11-16', weekEnd: '2026-11-23', agentId: 'LiWei', name: '李伟', teamId: 'north', score: 80.2 },
  ],
  champions: [
    {
      period: 'month',
      from: '2026-11-30T16:00:00.000Z',
      to: '2026-12-31T16:00:00.000Z',
      by: { sales: { agentId: 'SunLi', name: '孙丽', teamId: 'south', value: 3 }, revenue: null, hotLeads: null },
    },
  ],
  streaks: [{ agentId: 'WangFang', name: '王芳', teamId: 'north', days: 14 }],
};

describe('the honour roll card', () => {
  test('shows the current star with a whole score, the earlier ones, the champions by name and the streaks', () => {
    const w = mount(WallHonours, { props: { honours: answer, stale: false } });
    expect(w.find('[data-test=honours-star] .name').text()).toBe('王芳');
    expect(w.find('[data-test=honours-star] .score').text()).toBe('KPI score 85');
    expect(w.find('.earlier').text()).toContain('李伟');
    const month = w.findAll('tr[data-period=month] td');
    expect(month[0]?.find('.who').text()).toBe('孙丽');
    expect(month[1]?.text()).toBe('—');
    expect(w.find('[data-test=honours-streaks]').text()).toContain('14 days');
  });

  test('before the answer comes every part says "—"; with none yet it says so in words', () => {
    const loading = mount(WallHonours, { props: { honours: null, stale: false } });
    expect(loading.find('[data-test=honours-star] .name').text()).toBe('—');
    expect(loading.find('[data-test=honours-streaks]').text()).toContain('—');
    setLocale('zh-CN');
    const empty = mount(WallHonours, { props: { honours: { ...answer, stars: [], streaks: [] }, stale: false } });
    expect(empty.find('[data-test=honours-star] .name').text()).toBe('暂无本周之星');
    expect(empty.find('[data-test=honours-streaks]').text()).toContain('暂无连续达标');
  });
});
