import { computeRates, emptyCounts, inconsistentRates, RATE_KEYS } from '@floorpulse/shared';
import { describe, expect, it } from 'vitest';

describe('computeRates stays in [0, 1]', () => {
  it('connectRate is null, and flagged, when answers exceed dials', () => {
    const c = { ...emptyCounts(), dialed: 1, answered: 2 };
    expect(computeRates(c).connectRate).toBeNull();
    expect(inconsistentRates(c)).toEqual(['connectRate']);
  });

  it('complianceRate is null, not negative, when violations exceed dials', () => {
    const c = { ...emptyCounts(), dialed: 1, violations: 3 };
    expect(computeRates(c).complianceRate).toBeNull();
    expect(inconsistentRates(c)).toEqual(['complianceRate']);
  });

  it('keeps a rate of exactly 1 and flags nothing when the counts are consistent', () => {
    const c = { ...emptyCounts(), dialed: 4, answered: 4, ended: 4, effective: 4, earlyHangups: 0, sales: 1, complaints: 0 };
    expect(computeRates(c)).toMatchObject({ connectRate: 1, effectiveRate: 1, conversionRate: 0.25, complianceRate: 1 });
    expect(inconsistentRates(c)).toEqual([]);
  });

  it('never answers a rate outside [0, 1] for any counts', () => {
    for (let i = 0; i < 500; i++) {
      const c = emptyCounts();
      for (const k of Object.keys(c) as (keyof typeof c)[]) c[k] = (i * 7919 + k.length * 31) % (5 + (i % 7));
      const r = computeRates(c);
      for (const k of RATE_KEYS) {
        const v = r[k];
        if (v === null) continue;
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
    }
  });
});
