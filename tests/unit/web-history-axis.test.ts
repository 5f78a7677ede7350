// @vitest-environment happy-dom

import { describe, expect, it } from 'vitest';
import { pctLabel } from '../../web/src/lib/history-charts';

describe('history chart percent ticks', () => {
  it('keep the decimals small rates need, and drop the ones they do not', () => {
    // Ticks of an abandon-rate axis, 0.5 % apart: every label distinct.
    expect([0, 0.005, 0.01, 0.015, 0.02, 0.025].map(pctLabel)).toEqual(['0%', '0.5%', '1%', '1.5%', '2%', '2.5%']);
    expect([0.3, 0.45, 1].map(pctLabel)).toEqual(['30%', '45%', '100%']);
  });
});
