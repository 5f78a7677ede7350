import type { Scope } from '@floorpulse/shared';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { coalesce } from '../../server/src/realtime/coalesce.js';

const PERIOD = 5; // frames (ms in run mode)

function setup() {
  return new TestScheduler((a, b) => expect(a).toEqual(b));
}

describe('coalesce', () => {
  it('emits nothing and completes when no value arrives', () => {
    const ts = setup();
    ts.run(({ cold, expectObservable }) => {
      expectObservable(cold('|').pipe(coalesce({ periodMs: PERIOD, scheduler: ts }))).toBe('|');
    });
  });

  it('emits a lone value at once, without waiting for the period', () => {
    const ts = setup();
    ts.run(({ cold, expectObservable }) => {
      expectObservable(cold('--a 20ms |').pipe(coalesce({ periodMs: PERIOD, scheduler: ts }))).toBe('--a 20ms |');
    });
  });

  it('passes values spaced wider than the period unchanged', () => {
    const ts = setup();
    ts.run(({ cold, expectObservable }) => {
      const src = cold('a 9ms b 9ms c 9ms |');
      expectObservable(src.pipe(coalesce({ periodMs: PERIOD, scheduler: ts }))).toBe('a 9ms b 9ms c 9ms |');
    });
  });

  it('turns a burst into the first value at once and the last one when the period ends', () => {
    const ts = setup();
    ts.run(({ cold, expectObservable }) => {
      const src = cold('(abcd) 20ms |');
      expectObservable(src.pipe(coalesce({ periodMs: PERIOD, scheduler: ts }))).toBe('a 4ms d 20ms |');
    });
  });

  it('never emits two values closer than the period under a steady stream', () => {
    const ts = setup();
    ts.run(({ cold, expectObservable }) => {
      // A value every 2 ms for 12 ms: out at 0, 5 (latest: c at 4), 10 (latest: f at 10).
      const src = cold('a-b-c-d-e-f 9ms |');
      expectObservable(src.pipe(coalesce({ periodMs: PERIOD, scheduler: ts }))).toBe('a 4ms c 4ms f 9ms |');
    });
  });

  it('folds the values of a period with merge, so nothing marked is lost', () => {
    const ts = setup();
    const d = (...scopes: Scope[]) => ({ scopes: new Set(scopes) });
    const mergeDirty = (a: { scopes: Set<Scope> }, b: { scopes: Set<Scope> }) => ({ scopes: new Set([...a.scopes, ...b.scopes]) });
    ts.run(({ cold, expectObservable }) => {
      const src = cold('(abc) 9ms |', { a: d('floor'), b: d('team:t1'), c: d('agent:a1') });
      expectObservable(src.pipe(coalesce({ periodMs: PERIOD, scheduler: ts, merge: mergeDirty }))).toBe('a 4ms x 8ms |', {
        a: d('floor'),
        x: d('team:t1', 'agent:a1'),
      });
    });
  });

  it('emits a pending value before completing, so the last truth is never dropped', () => {
    const ts = setup();
    ts.run(({ cold, expectObservable }) => {
      expectObservable(cold('ab|').pipe(coalesce({ periodMs: PERIOD, scheduler: ts }))).toBe('a-(b|)');
    });
  });

  it('passes an error at once and drops the pending value', () => {
    const ts = setup();
    ts.run(({ cold, expectObservable }) => {
      expectObservable(cold('ab#').pipe(coalesce({ periodMs: PERIOD, scheduler: ts }))).toBe('a-#');
    });
  });

  it('stops the source and the pending timer on early unsubscribe', () => {
    const ts = setup();
    ts.run(({ cold, expectObservable, expectSubscriptions }) => {
      const src = cold('ab 10ms c|');
      expectObservable(src.pipe(coalesce({ periodMs: PERIOD, scheduler: ts })), '^--!').toBe('a');
      expectSubscriptions(src.subscriptions).toBe('^--!');
    });
  });
});
