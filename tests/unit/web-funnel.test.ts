// @vitest-environment happy-dom

import { emptyCounts } from '@floorpulse/shared';
import { mount } from '@vue/test-utils';
import { describe, expect, test } from 'vitest';
import WallFunnel from '../../web/src/components/wall/WallFunnel.vue';
import { setLocale } from '../../web/src/lib/i18n';

describe('the wall funnel', () => {
  setLocale('en');
  const steps = (counts: Partial<ReturnType<typeof emptyCounts>>) =>
    mount(WallFunnel, { props: { counts: { ...emptyCounts(), ...counts }, stale: false } })
      .findAll('.pct')
      .map((p) => p.text());

  test('shows each step as a share of the one before', () => {
    expect(steps({ dialed: 100, answered: 30, effective: 10, leads: 5, sales: 3 })).toEqual(['', '30%', '33%', '50%', '60%']);
  });

  test('never shows a step above 100%: more answers than dials, or more sales than leads, is "—"', () => {
    expect(steps({ dialed: 1, answered: 2, effective: 1, leads: 1, sales: 13 })).toEqual(['', '—', '50%', '100%', '—']);
  });
});
