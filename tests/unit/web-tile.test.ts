// @vitest-environment happy-dom

import { mount } from '@vue/test-utils';
import { describe, expect, test } from 'vitest';
import WallTile from '../../web/src/components/wall/WallTile.vue';
import { setLocale } from '../../web/src/lib/i18n';
import { meta } from '../../web/src/lib/meta';

const stubs = { CommonChart: true };
function tile(props: Record<string, unknown>) {
  return mount(WallTile, { props: { trend: [], stale: false, ...props }, global: { stubs } });
}

describe('wall tile', () => {
  setLocale('en');
  // What GET /api/v1/meta answers with the default config (CONVERSION_*, HOT_LEAD_CONVERSION_*).
  meta.targets = { conversionRate: { good: 0.05, warn: 0.038 }, hotLeadConversion: { good: 0.15, warn: 0.1 } };

  test('a null rate shows "—", never 0, and takes no colour', () => {
    const w = tile({ metric: 'hangupRate', value: null });
    expect(w.get('[data-test=value]').text()).toBe('—');
    expect(w.attributes('data-level')).toBe('none');
  });

  test('a rate withheld for data quality shows "—" with the data-quality flag, and no colour', () => {
    const w = tile({ metric: 'connectRate', value: null, inconsistent: true });
    expect(w.get('[data-test=value]').text()).toBe('—');
    expect(w.get('[data-test=data-quality]').text()).toBe('data check: counts disagree');
    expect(w.attributes('data-level')).toBe('none');
    expect(tile({ metric: 'connectRate', value: 0.5 }).find('[data-test=data-quality]').exists()).toBe(false);
  });

  test('a rate of exactly 0 shows 0.0%, not "—"', () => {
    const w = tile({ metric: 'conversionRate', value: 0 });
    expect(w.get('[data-test=value]').text()).toBe('0.0%');
    expect(w.attributes('data-level')).toBe('bad');
  });

  test('hang-up rate above 30% is red, at or under 25% green, between amber', () => {
    expect(tile({ metric: 'hangupRate', value: 0.31 }).attributes('data-level')).toBe('bad');
    expect(tile({ metric: 'hangupRate', value: 0.28 }).attributes('data-level')).toBe('warn');
    expect(tile({ metric: 'hangupRate', value: 0.25 }).attributes('data-level')).toBe('good');
  });

  test('compliance is green only at 100%', () => {
    expect(tile({ metric: 'complianceRate', value: 1 }).attributes('data-level')).toBe('good');
    expect(tile({ metric: 'complianceRate', value: 0.995 }).attributes('data-level')).toBe('warn');
    expect(tile({ metric: 'complianceRate', value: 0.9 }).attributes('data-level')).toBe('bad');
  });

  test("effective rate is green from 40% and conversion from the floor's configured target, with the target printed", () => {
    const eff = tile({ metric: 'effectiveRate', value: 0.4 });
    expect(eff.attributes('data-level')).toBe('good');
    expect(eff.text()).toContain('target ≥ 40%');
    expect(tile({ metric: 'effectiveRate', value: 0.39 }).attributes('data-level')).toBe('warn');
    expect(tile({ metric: 'conversionRate', value: 0.05 }).attributes('data-level')).toBe('good');
    expect(tile({ metric: 'conversionRate', value: 0.049 }).attributes('data-level')).toBe('warn');
    expect(tile({ metric: 'conversionRate', value: 0.037 }).attributes('data-level')).toBe('bad');
    expect(tile({ metric: 'conversionRate', value: 0.05 }).text()).toContain('target ≥ 5%');
    expect(tile({ metric: 'hotLeadConversion', value: 0.15 }).attributes('data-level')).toBe('good');
    expect(tile({ metric: 'hotLeadConversion', value: 0.149 }).attributes('data-level')).toBe('warn');
  });

  test('before the server told its targets, conversion shows no target and takes no colour', () => {
    const saved = meta.targets;
    meta.targets = null;
    const w = tile({ metric: 'conversionRate', value: 0.2 });
    meta.targets = saved;
    expect(w.attributes('data-level')).toBe('none');
    expect(w.text()).not.toContain('target');
  });

  test('counts have no threshold colour and show "—" before any snapshot arrived', () => {
    expect(tile({ metric: 'sales', value: 12 }).get('[data-test=value]').text()).toBe('12');
    expect(tile({ metric: 'sales', value: 12 }).attributes('data-level')).toBe('none');
    expect(tile({ metric: 'dialed', value: undefined }).get('[data-test=value]').text()).toBe('—');
  });

  test('numbers follow the locale: 1,234 in English, the last hour under the big number', () => {
    expect(tile({ metric: 'dialed', value: 1234 }).get('[data-test=value]').text()).toBe('1,234');
    expect(tile({ metric: 'connectRate', value: 0.5, lastHour: null }).text()).toContain('last hour —');
  });

  test('revenue is money in the floor\'s configured currency, formatted per locale, and "—" before any snapshot', () => {
    meta.currency = 'CNY';
    expect(tile({ metric: 'revenue', value: 38048.4 }).get('[data-test=value]').text()).toBe('¥38,048');
    setLocale('zh-CN');
    expect(tile({ metric: 'revenue', value: 38048.4 }).get('[data-test=value]').text()).toBe('¥38,048');
    setLocale('en');
    meta.currency = 'USD';
    expect(tile({ metric: 'revenue', value: 1200 }).get('[data-test=value]').text()).toBe('$1,200');
    expect(tile({ metric: 'revenue', value: undefined }).get('[data-test=value]').text()).toBe('—');
    meta.currency = null;
  });

  test('in Chinese the label and target are translated', () => {
    setLocale('zh-CN');
    const w = tile({ metric: 'hangupRate', value: 0.2 });
    expect(w.text()).toContain('30秒挂断率');
    expect(w.text()).toContain('目标 ≤ 30%');
    setLocale('en');
  });
});
