import type { StoredEvent } from '@floorpulse/shared';
import { describe, expect, it } from 'vitest';
import { parseCallHours } from '../../server/src/compliance/compliance-checks.js';
import { makeFlagDeriver } from '../../server/src/compliance/flag-deriver.js';
import { capForNextDial, PhoneHistory } from '../../server/src/compliance/phone-history.js';

const H = 3_600_000;
const T0 = Date.parse('2026-11-20T02:00:00Z'); // 10:00 in Shanghai: inside hours
const scheduler = {
  now: () => T0 + 30 * H,
  schedule: () => {
    throw new Error('unused');
  },
} as never;

function setup(cap = 3) {
  const history = new PhoneHistory();
  const derive = makeFlagDeriver({
    teamZone: () => undefined,
    floorZone: 'UTC',
    callHours: parseCallHours('00:00-23:59'),
    frequencyCap: cap,
    history,
    scheduler,
  });
  const dial = (callId: string, ts: number, phoneHash = 'h1'): StoredEvent => ({
    id: `d-${callId}-${ts}`,
    type: 'call.dialed',
    ts,
    teamId: 't',
    agentId: 'a',
    callId,
    channel: 'human',
    phoneHash,
  });
  const ids = (events: StoredEvent[]) => derive(events).map((f) => `${f.id}@${(f.ts - T0) / H}h`);
  return { history, derive, dial, ids };
}

describe('frequency_cap: more than 3 dials to one phone in a rolling 24 h', () => {
  it('passes the first 3 dials and flags the 4th and every later one', () => {
    const { dial, ids } = setup();
    expect(ids([dial('c1', T0), dial('c2', T0 + H), dial('c3', T0 + 2 * H)])).toEqual([]);
    expect(ids([dial('c4', T0 + 3 * H)])).toEqual(['fp:frequency_cap:c4@3h']);
    expect(ids([dial('c5', T0 + 4 * H)])).toEqual(['fp:frequency_cap:c5@4h']);
  });

  it('counts only dials in (ts − 24 h, ts]: a dial exactly 24 h earlier has left the window', () => {
    const { dial, ids, derive } = setup();
    ids([dial('c1', T0), dial('c2', T0 + H), dial('c3', T0 + 2 * H)]);
    expect(ids([dial('c4', T0 + 24 * H)])).toEqual([]);
    expect(derive([dial('c5', T0 + 24 * H + 1)]).map((f) => [f.id, f.ts])).toEqual([['fp:frequency_cap:c5', T0 + 24 * H + 1]]);
  });

  it('counts each phone on its own', () => {
    const { dial, ids } = setup();
    expect(ids([dial('c1', T0), dial('c2', T0 + 1, 'h2'), dial('c3', T0 + 2), dial('c4', T0 + 3, 'h2'), dial('c5', T0 + 4)])).toEqual([]);
  });

  it('never counts a re-sent dial of the same call twice, even under another event id', () => {
    const { dial, ids } = setup();
    ids([dial('c1', T0), dial('c2', T0 + H), dial('c3', T0 + 2 * H)]);
    expect(ids([{ ...dial('c3', T0 + 2 * H), id: 'another-id' }])).toEqual([]);
    expect(ids([dial('c4', T0 + 3 * H)])).toEqual(['fp:frequency_cap:c4@3h']);
  });

  it('places a late dial by its ts: it flags the later dial it pushes over the cap (flag ts = that dial)', () => {
    const { dial, ids } = setup();
    expect(ids([dial('c4', T0 + 3 * H), dial('c3', T0 + 2 * H), dial('c1', T0)])).toEqual([]);
    // c2 arrives last but sits second by ts: c4 becomes the 4th dial.
    expect(ids([dial('c2', T0 + H)])).toEqual(['fp:frequency_cap:c4@3h']);
  });

  it('a late dial that is itself the 4th by ts is flagged', () => {
    const { dial, ids } = setup();
    ids([dial('c1', T0), dial('c2', T0 + H), dial('c3', T0 + 2 * H)]);
    expect(ids([dial('c0', T0 + 2.5 * H)])).toEqual(['fp:frequency_cap:c0@2.5h']);
  });

  it('breaks equal timestamps by call id, so exactly one of four simultaneous dials is flagged', () => {
    const { dial, ids } = setup();
    expect(ids([dial('b', T0), dial('d', T0), dial('a', T0), dial('c', T0)])).toEqual(['fp:frequency_cap:d@0h']);
  });

  it('after a restart the history rebuilt from storage keeps counting', () => {
    const first = setup();
    first.ids([first.dial('c1', T0), first.dial('c2', T0 + H), first.dial('c3', T0 + 2 * H)]);
    const restarted = setup();
    for (const hash of ['h1']) for (const d of first.history.dials(hash)) restarted.history.add(hash, d);
    expect(restarted.ids([restarted.dial('c4', T0 + 3 * H)])).toEqual(['fp:frequency_cap:c4@3h']);
  });

  it('forgets dials older than the kept history, in bounded memory', () => {
    const { history, dial, ids } = setup();
    ids([dial('c1', T0), dial('c2', T0 + H)]);
    history.prune(T0 + 49 * H);
    expect(history.size).toBe(1);
    history.prune(T0 + 50 * H);
    expect(history.size).toBe(0);
  });

  describe('during the switch to E.164 hashes (docs/data-model.md, "Phone hashes")', () => {
    const aliases = (hash: string, legacy: string[]) => new Map([[hash, legacy]]);

    it('counts the dials stored under a legacy hash of the number as the same phone', () => {
      const { history, derive, dial, ids } = setup();
      // Stored before the switch (reloaded from ClickHouse): two spellings of one number, two legacy hashes.
      history.add('old-national', { callId: 'c1', ts: T0, teamId: 't', agentId: 'a', channel: 'human' });
      history.add('old-00', { callId: 'c2', ts: T0 + H, teamId: 't', agentId: 'a', channel: 'human' });
      expect(derive([dial('c3', T0 + 2 * H, 'new')], aliases('new', ['old-national', 'old-00']))).toEqual([]);
      expect(derive([dial('c4', T0 + 3 * H, 'new')], aliases('new', ['old-national', 'old-00'])).map((f) => f.id)).toEqual([
        'fp:frequency_cap:c4',
      ]);
      // Without the aliases (the transition is over) only the new hash's own dials count.
      expect(ids([dial('c5', T0 + 4 * H, 'new')])).toEqual([]);
    });

    it('never counts a call twice when it was stored under a legacy hash and is re-sent under the new one', () => {
      const { history, derive, dial } = setup();
      for (const [c, ts] of [
        ['c1', T0],
        ['c2', T0 + H],
        ['c3', T0 + 2 * H],
      ] as const)
        history.add('old', { callId: c, ts, teamId: 't', agentId: 'a', channel: 'human' });
      expect(derive([{ ...dial('c3', T0 + 2 * H, 'new'), id: 're-sent' }], aliases('new', ['old']))).toEqual([]);
      expect(derive([dial('c4', T0 + 3 * H, 'new')], aliases('new', ['old'])).map((f) => f.id)).toEqual(['fp:frequency_cap:c4']);
    });
  });
});

describe('capForNextDial: the pre-dial check asks the same rank the stream flags by', () => {
  const who = { teamId: 't', agentId: 'a', channel: 'human' as const };
  it('a dial at the same ms as the 3rd stored one is the 4th, and over a cap of 3, as its flag would say', () => {
    const { history, derive, dial } = setup(3);
    derive([dial('c1', T0), dial('c2', T0 + H), dial('c3', T0 + 2 * H)]);
    expect(capForNextDial(history.dials('h1'), T0 + 2 * H, 3, who)).toEqual({ dialsIn24h: 3, over: true });
    // The stream agrees: dialled anyway (any call id), it is flagged.
    expect(derive([dial('zz', T0 + 2 * H)]).map((f) => f.id)).toEqual(['fp:frequency_cap:zz']);
  });
  it('counts only the 24 h up to the dial: the first dial leaves it at 24 h exactly', () => {
    const { history, derive, dial } = setup(3);
    derive([dial('c1', T0), dial('c2', T0 + H), dial('c3', T0 + 2 * H)]);
    expect(capForNextDial(history.dials('h1'), T0 + 24 * H, 3, who)).toEqual({ dialsIn24h: 2, over: false });
    expect(capForNextDial(history.dials('h1'), T0 + 24 * H - 1, 3, who)).toEqual({ dialsIn24h: 3, over: true });
    expect(capForNextDial([], T0, 3, who)).toEqual({ dialsIn24h: 0, over: false });
  });
});
