// @vitest-environment happy-dom

import { emptyCounts } from '@floorpulse/shared';
import { mount } from '@vue/test-utils';
import { describe, expect, test } from 'vitest';
import WallChannels from '../../web/src/components/wall/WallChannels.vue';
import WallHeader from '../../web/src/components/wall/WallHeader.vue';
import WallTile from '../../web/src/components/wall/WallTile.vue';
import { setLocale } from '../../web/src/lib/i18n';

setLocale('en');
const header = (props: Record<string, unknown>) => mount(WallHeader, { props: { title: 'Whole floor', lastUpdate: null, ...props } });

describe('the stale state', () => {
  test('live: LIVE, no STALE label', () => {
    const w = header({ live: true, everConnected: true });
    expect(w.find('[data-test=live]').exists()).toBe(true);
    expect(w.find('[data-test=stale]').exists()).toBe(false);
  });

  test('a dropped connection shows STALE with the time of the last update, and no LIVE', () => {
    const w = header({ live: false, everConnected: true, lastUpdate: Date.UTC(2026, 0, 5, 2, 3, 4) });
    expect(w.find('[data-test=live]').exists()).toBe(false);
    const stale = w.get('[data-test=stale]');
    expect(stale.text()).toContain('STALE');
    expect(stale.text()).toContain('not live');
  });

  test('before the first connection the wall says connecting, not live and not stale', () => {
    const w = header({ live: false, everConnected: false });
    expect(w.find('[data-test=connecting]').exists()).toBe(true);
    expect(w.find('[data-test=live]').exists()).toBe(false);
  });

  test('a stale tile keeps its last number but greys it: no target colour', () => {
    const w = mount(WallTile, {
      props: { metric: 'hangupRate', value: 0.5, trend: [], stale: true },
      global: { stubs: { CommonChart: true } },
    });
    expect(w.classes()).toContain('stale');
    expect(w.attributes('data-level')).toBe('none');
    expect(w.get('[data-test=value]').text()).toBe('50.0%');
  });

  test('stale human vs robot numbers lose their colours too', () => {
    const snap = (connect: number) => ({
      scope: 'channel:human',
      window: 'today',
      from: '',
      to: '',
      counts: { ...emptyCounts(), dialed: 10, answered: 5, ended: 5 },
      rates: { connectRate: connect, hangupRate: 0, effectiveRate: 0, conversionRate: 0, complianceRate: 1, complaintRate: 0 },
    });
    const live = mount(WallChannels, { props: { human: snap(0.5), robot: snap(0.1), stale: false } });
    expect(live.findAll('.good, .bad, .warn').length).toBeGreaterThan(0);
    const stale = mount(WallChannels, { props: { human: snap(0.5), robot: snap(0.1), stale: true } });
    expect(stale.findAll('.good, .bad, .warn').length).toBe(0);
    expect(stale.classes()).toContain('stale');
  });
});
