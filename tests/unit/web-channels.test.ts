// @vitest-environment happy-dom

import { computeRates, emptyCounts, type RatesSnapshot } from '@floorpulse/shared';
import { mount } from '@vue/test-utils';
import { describe, expect, test } from 'vitest';
import WallChannels from '../../web/src/components/wall/WallChannels.vue';
import { setLocale } from '../../web/src/lib/i18n';
import { meta } from '../../web/src/lib/meta';

function snap(scope: 'channel:human' | 'channel:robot', counts: Partial<ReturnType<typeof emptyCounts>>): RatesSnapshot {
  const c = { ...emptyCounts(), ...counts };
  return { scope, window: 'today', from: '2026-11-19T16:00:00.000Z', to: '2026-11-20T07:30:00.000Z', counts: c, rates: computeRates(c) };
}

describe('the wall human vs robot panel: robots screen, people close', () => {
  setLocale('en');
  meta.targets = { conversionRate: { good: 0.05, warn: 0.038 }, hotLeadConversion: { good: 0.15, warn: 0.1 } };

  test('shows the leads robots screened, the follow-ups people made and their conversion against 15%', () => {
    const human = snap('channel:human', { dialed: 40, answered: 20, hotLeadDialed: 12, hotLeadAnswered: 10, hotLeadSales: 2 });
    const robot = snap('channel:robot', { dialed: 300, answered: 110, leads: 17, robotLeads: 17 });
    const w = mount(WallChannels, { props: { human, robot, stale: false } });
    expect(w.get('[data-test=followed]').text()).toBe('12');
    expect(w.get('[data-test=screened]').text()).toBe('17');
    const conv = w.get('[data-test=hot-conversion]');
    expect(conv.text()).toBe('20.0%');
    expect(conv.classes()).toContain('good');
    expect(w.text()).toContain('≥ 15%');
  });

  test('no follow-up answered yet: the conversion is "—", not 0%, and takes no colour', () => {
    const human = snap('channel:human', { dialed: 5, hotLeadDialed: 2 });
    const w = mount(WallChannels, { props: { human, robot: undefined, stale: false } });
    expect(w.get('[data-test=hot-conversion]').text()).toBe('—');
    expect(w.get('[data-test=hot-conversion]').classes()).not.toContain('bad');
    expect(w.get('[data-test=screened]').text()).toBe('—');
  });
});
