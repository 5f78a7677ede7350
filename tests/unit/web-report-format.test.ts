// @vitest-environment happy-dom

import { REPORT_METRICS } from '@floorpulse/shared';
import { describe, expect, test } from 'vitest';
import { setLocale } from '../../web/src/lib/i18n';
import { meta } from '../../web/src/lib/meta';
import { changeTone, fmtChange, reportLabel } from '../../web/src/lib/report-format';

const m = (key: string) => REPORT_METRICS.find((x) => x.key === key)!;

describe('the weekly report change column', () => {
  setLocale('en');
  meta.currency = 'CNY';

  test('a share changes in points, a count by its difference and its ratio, money in the currency', () => {
    expect(fmtChange(m('connectRate'), 0.35, 0.3)).toBe('+5.0 pp');
    expect(fmtChange(m('dialed'), 150, 100)).toBe('+50 (+50%)');
    expect(fmtChange(m('revenue'), 700, 1000)).toBe('-¥300 (-30%)');
    expect(fmtChange(m('avgTalkSeconds'), 80, 140)).toBe('−1 min');
  });

  test('no value on either side is "—", never 0; from 0 there is no ratio', () => {
    expect(fmtChange(m('hotLeadConversion'), null, 0.2)).toBe('—');
    expect(fmtChange(m('sales'), 3, 0)).toBe('+3');
  });

  test('more hang-ups is bad, more sales good, more dials neither', () => {
    expect(changeTone(m('hangupRate'), 0.4, 0.3)).toBe('bad');
    expect(changeTone(m('sales'), 4, 3)).toBe('good');
    // 53.12 % against 53.14 %: "0.0 pp" on the page, so no colour either.
    expect(changeTone(m('effectiveRate'), 0.5312, 0.5314)).toBe('');
    expect(changeTone(m('dialed'), 400, 300)).toBe('');
  });

  test('every line has a label in both languages, and a rate is not worded like its count', () => {
    for (const lang of ['en', 'zh-CN'] as const) {
      setLocale(lang);
      const labels = REPORT_METRICS.map((x) => reportLabel(x.key));
      expect(new Set(labels).size, lang).toBe(labels.length);
    }
    setLocale('en');
  });
});
