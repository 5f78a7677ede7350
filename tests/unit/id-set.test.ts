import { describe, expect, it } from 'vitest';
import { hashId, IdSet } from '../../server/src/ingest/id-set.js';
import { IdMemory } from '../../server/src/ingest/id-memory.js';

describe('IdSet (dedupe memory without a string per id)', () => {
  it('never takes a new id for a stored one when their hashes collide', () => {
    const s = new IdSet();
    s.add('evt-1', 7);
    expect(s.has('evt-2', 7)).toBe(false);
    expect(s.has('evt-1', 7)).toBe(true);
    s.add('evt-2', 7);
    expect([s.has('evt-1', 7), s.has('evt-2', 7), s.size]).toEqual([true, true, 2]);
  });

  it('answers exactly like a Set over ids of every shape, across table growth and arena chunks', () => {
    const s = new IdSet();
    const ref = new Set<string>();
    const shapes = (i: number) => [`mem1764100000000-${i}`, `é${i}`, `中-${i}`, 'x'.repeat(250 + (i % 10)), '', `${i}`.repeat(i % 40)];
    let mismatches = 0;
    for (let i = 0; i < 60_000; i++) {
      for (const id of shapes(i)) {
        if (s.has(id) !== ref.has(id)) mismatches++;
        if (i % 2 === 0) {
          s.add(id);
          ref.add(id);
        }
      }
    }
    expect(mismatches).toBe(0);
    expect(s.size).toBe(ref.size);
  });

  it('hashes once for all the hourly slices of IdMemory', () => {
    const m = new IdMemory(2);
    const hour = 3_600_000;
    m.add('a', 10 * hour);
    m.add('b', 11 * hour);
    expect([m.has('a'), m.has('b'), m.has('c'), m.size]).toEqual([true, true, false, 2]);
    m.prune(13 * hour);
    expect([m.has('a'), m.has('b')]).toEqual([false, true]);
    expect(hashId('a')).toBe(hashId('a'));
  });
});
