import type { Scope } from '@floorpulse/shared';
import { merge } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import type { Dirty } from '../../server/src/realtime/dirty.js';
import { RoomFeed } from '../../server/src/realtime/room-feed.js';

const d = (...scopes: Scope[]): Dirty => ({ all: false, scopes: new Set(scopes) });

describe('RoomFeed coalesces per room', () => {
  it('updates a quiet room at once while a busy room is held to one update per period', () => {
    const ts = new TestScheduler((a, b) => expect(a).toEqual(b));
    const sent: [number, string, number][] = [];
    let version = 0;
    ts.run(({ cold, flush }) => {
      // team:busy changes every 10 ms; team:quiet changes once, at 95 ms, in the middle of the burst.
      const busy = Array.from({ length: 30 }, () => 'b').join(' 9ms ');
      const dirty$ = cold<Dirty>(busy, { b: d('team:busy') });
      const quiet$ = cold<Dirty>('95ms q', { q: d('team:quiet') });
      const feed = new RoomFeed<{ scope: Scope }, number>({
        prefix: 'r:',
        dirty$: merge(dirty$, quiet$),
        periodMs: 250,
        scheduler: ts,
        affected: (key, dirty) => dirty.scopes.has(key.scope),
        compute: () => ++version,
        send: (room, payload) => sent.push([ts.now(), room, payload]),
        onError: (err) => {
          throw err;
        },
      });
      feed.track('r:{"scope":"team:busy"}');
      feed.track('r:{"scope":"team:quiet"}');
      feed.start();
      flush();
    });
    const busy = sent.filter(([, room]) => room.includes('busy')).map(([t]) => t);
    const quiet = sent.filter(([, room]) => room.includes('quiet')).map(([t]) => t);
    expect(quiet).toEqual([95]);
    expect(busy[0]).toBe(0);
    for (let i = 1; i < busy.length; i++) expect(busy[i]! - busy[i - 1]!).toBeGreaterThanOrEqual(250);
    // The burst's last change (at 290 ms) is not lost: a trailing update follows.
    expect(busy[busy.length - 1]).toBeGreaterThanOrEqual(290);
  });
});
