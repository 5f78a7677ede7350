import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { localParts } from '../../server/src/pipeline/time/local-day.js';
import { freshDemoDir } from '../../tools/demo/data-dir.js';
import { pickDemoZone } from '../../tools/demo/zone.js';

describe('the demo floor', () => {
  it.each(Array.from({ length: 48 }, (_, i) => i * 30))('started at %i min past UTC midnight opens on working hours', (minutes) => {
    const now = Date.parse('2026-11-20T00:00:00Z') + minutes * 60_000;
    const { zone } = pickDemoZone(now);
    const p = localParts(now, zone);
    expect(p.hour).toBeGreaterThanOrEqual(10);
    expect(p.hour).toBeLessThan(17);
  });

  it('keeps Shanghai when it is working time there', () => {
    expect(pickDemoZone(Date.parse('2026-11-20T14:00:00+08:00')).zone).toBe('Asia/Shanghai');
  });

  it('empties only a directory it created, and refuses one holding other data', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'fp-demo-dir-'));
    const demo = path.join(root, 'data-demo');
    freshDemoDir(demo);
    writeFileSync(path.join(demo, 'old.txt'), 'x');
    freshDemoDir(demo);
    expect(readdirSync(demo)).toEqual(['.floorpulse-demo']);
    const real = path.join(root, 'data');
    mkdirSync(real);
    writeFileSync(path.join(real, 'secrets.json'), '{}');
    expect(() => freshDemoDir(real)).toThrow(/not a demo/);
    expect(readdirSync(real)).toEqual(['secrets.json']);
  });
});
