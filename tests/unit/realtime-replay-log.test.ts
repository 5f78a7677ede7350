import type { Celebration } from '@floorpulse/shared';
import { describe, expect, it } from 'vitest';
import { ReplayLog } from '../../server/src/celebrations/replay-log.js';
import { testClock } from '../helpers/clock.js';

const c = (id: string): Celebration => ({ id, kind: 'sale', title: 'Sale!', detail: id, at: '2026-11-20T07:30:00.000Z' });

function setup(maxEntries = 100) {
  const clock = testClock(0);
  return { clock, log: new ReplayLog({ keepMs: 120_000, maxEntries, scheduler: clock }) };
}

describe('ReplayLog', () => {
  it('returns what came after the last id a screen showed, in order', () => {
    const { log } = setup();
    for (const id of ['a', 'b', 'c']) log.add(c(id));
    expect(log.after('a').map((x) => x.id)).toEqual(['b', 'c']);
    expect(log.after('c')).toEqual([]);
  });

  it('returns nothing for an unknown id rather than everything, so none is shown twice', () => {
    const { log } = setup();
    log.add(c('a'));
    expect(log.after('zzz')).toEqual([]);
  });

  it('refuses an id it already holds', () => {
    const { log } = setup();
    expect(log.add(c('a'))).toBe(true);
    expect(log.add(c('a'))).toBe(false);
    log.add(c('b'));
    expect(log.after('a').map((x) => x.id)).toEqual(['b']);
  });

  it('forgets celebrations older than 2 minutes: a later reconnect starts fresh', () => {
    const { clock, log } = setup();
    log.add(c('old'));
    clock.advance(60_000);
    log.add(c('mid'));
    clock.advance(61_000);
    expect(log.after('old')).toEqual([]);
    expect(log.after('mid')).toEqual([]);
    log.add(c('new'));
    expect(log.after('mid').map((x) => x.id)).toEqual(['new']);
    expect(log.add(c('old'))).toBe(true); // its id was forgotten with it
  });

  it('holds at most maxEntries under a storm', () => {
    const { log } = setup(3);
    for (const id of ['a', 'b', 'c', 'd', 'e']) log.add(c(id));
    expect(log.after('a')).toEqual([]);
    expect(log.after('c').map((x) => x.id)).toEqual(['d', 'e']);
  });
});
