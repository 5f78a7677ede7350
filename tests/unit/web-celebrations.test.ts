// @vitest-environment happy-dom

import type { Celebration } from '@floorpulse/shared';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { CelebrationQueue } from '../../web/src/lib/celebration-queue';

const cel = (id: string, agentId = 'LiWei'): Celebration => ({
  id,
  kind: 'sale',
  agentId,
  teamId: 'north',
  title: 'Sale!',
  detail: '',
  at: '2026-01-05T02:00:00Z',
});

describe('celebration queue', () => {
  let shown: string[];
  let events: string[];
  let q: CelebrationQueue;
  beforeEach(() => {
    vi.useFakeTimers();
    shown = [];
    events = [];
    q = new CelebrationQueue({
      showMs: 5000,
      gapMs: 500,
      onShow: (c) => {
        shown.push(c.id);
        events.push(`show ${c.id}`);
      },
      onHide: (c) => events.push(`hide ${c.id}`),
    });
  });
  afterEach(() => vi.useRealTimers());

  test('the first one shows at once and holds the screen for showMs', () => {
    q.push(cel('a'));
    expect(q.current?.id).toBe('a');
    vi.advanceTimersByTime(4999);
    expect(q.current?.id).toBe('a');
    vi.advanceTimersByTime(1);
    expect(q.current).toBeNull();
  });

  test('three at once are queued in order and never overlap', () => {
    q.push(cel('a'));
    q.push(cel('b'));
    q.push(cel('c'));
    expect(shown).toEqual(['a']);
    expect(q.pending).toBe(2);
    vi.advanceTimersByTime(5000);
    // The gap: nothing on screen, b waits.
    expect(q.current).toBeNull();
    vi.advanceTimersByTime(500);
    expect(q.current?.id).toBe('b');
    vi.advanceTimersByTime(5500);
    expect(q.current?.id).toBe('c');
    vi.advanceTimersByTime(5500);
    expect(events).toEqual(['show a', 'hide a', 'show b', 'hide b', 'show c', 'hide c']);
  });

  test('the same id is never shown twice: not while queued, not after it was shown', () => {
    expect(q.push(cel('a'))).toBe(true);
    expect(q.push(cel('a'))).toBe(false);
    vi.advanceTimersByTime(20_000);
    expect(q.push(cel('a'))).toBe(false);
    expect(shown).toEqual(['a']);
  });

  test('ids seen before a reload are not shown again', () => {
    const r = new CelebrationQueue({ showMs: 10, gapMs: 0, seen: ['old'], onShow: (c) => shown.push(c.id), onHide: () => undefined });
    expect(r.push(cel('old'))).toBe(false);
    expect(r.push(cel('new'))).toBe(true);
    expect(shown).toEqual(['new']);
  });

  test('a celebration arriving during the gap waits for the gap to end', () => {
    q.push(cel('a'));
    vi.advanceTimersByTime(5200);
    q.push(cel('b'));
    expect(q.current).toBeNull();
    vi.advanceTimersByTime(300);
    expect(q.current?.id).toBe('b');
  });

  test('stop clears the queue and its timers', () => {
    q.push(cel('a'));
    q.push(cel('b'));
    q.stop();
    vi.advanceTimersByTime(60_000);
    expect(shown).toEqual(['a']);
    expect(q.push(cel('c'))).toBe(false);
  });
});
