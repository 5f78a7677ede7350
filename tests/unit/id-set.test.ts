import { describe, expect, it } from 'vitest';
import { IdMemory } from '../../server/src/ingest/id-memory.js';
import { hashId, IdSet } from '../../server/src/ingest/id-set.js';
import { lcg } from '../helpers/lcg.js';

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

  it('hashes once for all the slices of IdMemory, and forgets whole slices', () => {
    const m = new IdMemory(10);
    const minute = 60_000;
    m.add('a', 100 * minute);
    m.add('b', 107 * minute);
    expect([m.has('a'), m.has('b'), m.has('c'), m.size]).toEqual([true, true, false, 2]);
    m.prune(116 * minute);
    expect([m.has('a'), m.has('b')]).toEqual([false, true]);
    expect(hashId('a')).toBe(hashId('a'));
  });

  it('remembers every accepted id whose ts it vouches for: arrival is at most 5 min before ts', () => {
    // Random floors of arrivals; at every later moment, an id whose ts is at or after trustedFrom(now)
    // must still be in memory, or a re-send would be let in without asking ClickHouse.
    const rnd = lcg(7);
    const minute = 60_000;
    let checked = 0;
    for (const minutes of [6, 10, 20, 45]) {
      const m = new IdMemory(minutes);
      let accepted: { id: string; ts: number }[] = [];
      let now = 1_795_000_000_000;
      for (let step = 0; step < 4_000; step++) {
        now += Math.floor(rnd() * 20_000);
        m.prune(now);
        // ts anywhere from an hour late to the 5 minutes ahead that validation allows
        const ts = now - Math.floor(rnd() * 60 * minute) + Math.floor(rnd() * 5 * minute);
        const id = `e${step}`;
        m.add(id, now);
        accepted.push({ id, ts });
        // trustedFrom only moves forward: an event it no longer vouches for never comes back.
        accepted = accepted.filter((e) => e.ts >= m.trustedFrom(now));
        for (const e of accepted) if (!m.has(e.id)) expect.fail(`${e.id} forgotten at ${minutes} min`);
        checked += accepted.length;
      }
    }
    expect(checked).toBeGreaterThan(100_000);
  });

  it('refuses a memory shorter than the future skew it must cover', () => {
    expect(() => new IdMemory(5)).toThrow(/future skew/);
  });
});
