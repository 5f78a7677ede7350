// @vitest-environment happy-dom

import type { Celebration } from '@floorpulse/shared';
import { mount } from '@vue/test-utils';
import { describe, expect, test, vi } from 'vitest';
import { setLocale } from '../../web/src/lib/i18n';

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
});
