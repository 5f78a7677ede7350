import type { StoredEvent } from '@floorpulse/shared';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { rollingWindows } from '../../server/src/pipeline/windows/rolling-windows.js';
import { WindowStore } from '../../server/src/pipeline/windows/window-store.js';

const thresholds = { earlyHangupSeconds: 30, effectiveSeconds: 60 };
const MIN = 60_000;

function dial(id: string, ts: number, agentId = 'a1', channel: 'human' | 'robot' = 'human'): StoredEvent {
  return { id, type: 'call.dialed', ts, teamId: 't1', agentId, callId: `c-${id}`, channel };
}
function ended(id: string, ts: number, talkSeconds: number, hangupBy: 'customer' | 'agent' = 'customer'): StoredEvent {
  return { id, type: 'call.ended', ts, teamId: 't1', agentId: 'a1', callId: `c-${id}`, answered: true, talkSeconds, hangupBy };
}

function setup() {
  const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
  const store = new WindowStore({ bucketMs: 10_000, zone: 'UTC' });
  return { scheduler, store };
}

describe('rollingWindows', () => {
  it('emits nothing and completes when no events arrive', () => {
    const { scheduler, store } = setup();
    scheduler.run(({ cold, expectObservable }) => {
      const source = cold<StoredEvent[]>('|');
      expectObservable(source.pipe(rollingWindows({ store, thresholds, scheduler }))).toBe('|');
    });
    expect(store.size()).toEqual({ scopes: 0, buckets: 0 });
  });

  it('emits the changed scopes once per batch for one event', () => {
    const { scheduler, store } = setup();
    scheduler.run(({ cold, expectObservable }) => {
      const source = cold('a|', { a: [dial('e1', 1000)] });
      expectObservable(source.pipe(rollingWindows({ store, thresholds, scheduler }))).toBe('x|', {
        x: { at: 0, scopes: new Set(['floor', 'team:t1', 'agent:a1', 'channel:human']) },
      });
    });
    expect(store.counts('floor', 0, 10_000).dialed).toBe(1);
  });

  it('counts many events of a batch by their own definitions', () => {
    const { scheduler, store } = setup();
    scheduler.run(({ cold, expectObservable }) => {
      const source = cold('a|', { a: [dial('e1', 1000), ended('e2', 2000, 10), ended('e3', 3000, 75, 'agent'), ended('e4', 4000, 45)] });
      expectObservable(source.pipe(rollingWindows({ store, thresholds, scheduler }))).toBe('x|', {
        x: { at: 0, scopes: new Set(['floor', 'team:t1', 'agent:a1', 'channel:human']) },
      });
    });
    const c = store.counts('agent:a1', 0, 10_000);
    expect(c).toMatchObject({ dialed: 1, ended: 3, earlyHangups: 1, effective: 1, talkSeconds: 130 });
  });

  it('skips a batch that changes no count (agent.state only)', () => {
    const { scheduler, store } = setup();
    scheduler.run(({ cold, expectObservable }) => {
      const source = cold('a|', {
        a: [{ id: 's', type: 'agent.state', ts: 1, teamId: 't1', agentId: 'a1', state: 'break' } as StoredEvent],
      });
      expectObservable(source.pipe(rollingWindows({ store, thresholds, scheduler }))).toBe('-|');
    });
  });

  it('puts late and out-of-order events in the window of their own ts', () => {
    const { scheduler, store } = setup();
    scheduler.run(({ cold, expectObservable }) => {
      // Time 20 min; a dial stamped 19 min arrives after one stamped at 5 min and one at 0.
      const source = cold('20m a 9ms b|', { a: [dial('late', 19 * MIN)], b: [dial('early', 5 * MIN), dial('first', 0)] });
      expectObservable(source.pipe(rollingWindows({ store, thresholds, scheduler }))).toBe('20m x 9ms y|', {
        x: { at: 20 * MIN, scopes: expect.any(Set) },
        y: { at: 20 * MIN + 10, scopes: expect.any(Set) },
      });
    });
    const now = 20 * MIN + 10;
    expect(store.snapshot('floor', '15m', now).counts.dialed).toBe(1);
    expect(store.snapshot('floor', '1h', now).counts.dialed).toBe(3);
  });

  it('lets events expire from the sliding windows but keeps them in today', () => {
    const { scheduler, store } = setup();
    scheduler.run(({ cold, expectObservable }) => {
      const source = cold('a 120m b|', { a: [dial('old', 0)], b: [dial('new', 2 * 60 * MIN)] });
      expectObservable(source.pipe(rollingWindows({ store, thresholds, scheduler }))).toBe('x 120m y|', {
        x: expect.anything(),
        y: expect.anything(),
      });
    });
    const now = 2 * 60 * MIN + 2;
    expect(store.snapshot('floor', '1h', now).counts.dialed).toBe(1);
    expect(store.snapshot('floor', 'today', now).counts.dialed).toBe(2);
    // The old bucket left the fine buckets for its day's total: memory stays bounded.
    expect(store.size().buckets).toBeLessThanOrEqual(8);
  });

  it('passes an error through', () => {
    const { scheduler, store } = setup();
    scheduler.run(({ cold, expectObservable }) => {
      const source = cold('a#', { a: [dial('e1', 0)] }, new Error('boom'));
      expectObservable(source.pipe(rollingWindows({ store, thresholds, scheduler }))).toBe(
        'x#',
        { x: expect.anything() },
        new Error('boom'),
      );
    });
  });

  it('stops counting after an early unsubscribe', () => {
    const { scheduler, store } = setup();
    scheduler.run(({ cold, expectObservable }) => {
      const source = cold('a 5ms b|', { a: [dial('e1', 0)], b: [dial('e2', 0)] });
      expectObservable(source.pipe(rollingWindows({ store, thresholds, scheduler })), '^ 3ms !').toBe('x', { x: expect.anything() });
    });
    expect(store.counts('floor', 0, 10_000).dialed).toBe(1);
  });
});
