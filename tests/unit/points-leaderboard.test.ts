import type { StoredEvent } from '@floorpulse/shared';
import { describe, expect, it } from 'vitest';
import { AgentDirectory } from '../../server/src/agents/agent-directory.js';
import { EMPTY_ROSTER } from '../../server/src/agents/roster.js';
import { contributionOf } from '../../server/src/pipeline/windows/contribution.js';
import { WindowStore } from '../../server/src/pipeline/windows/window-store.js';
import { buildLeaderboard } from '../../server/src/realtime/leaderboard.js';

/** The wall's board ranked by points (`?rank=points`, docs/metrics.md "Points"). */
const NOW = Date.parse('2026-11-20T07:30:00.000Z');
let n = 0;
const dial = (agentId: string, channel: 'human' | 'robot' = 'human'): StoredEvent => ({
  id: `e${++n}`,
  ts: NOW - 60_000,
  teamId: 'north',
  agentId,
  callId: `c${n}`,
  type: 'call.dialed',
  channel,
});
const sale = (agentId: string): StoredEvent => ({
  id: `e${++n}`,
  ts: NOW - 60_000,
  teamId: 'north',
  agentId,
  callId: `c${n}`,
  type: 'call.outcome',
  outcome: 'sale',
});

function floor(events: StoredEvent[]) {
  const windows = new WindowStore({ bucketMs: 10_000, zone: 'Asia/Shanghai' });
  windows.add(
    events.map((e) => contributionOf(e, { earlyHangupSeconds: 30, effectiveSeconds: 60 })),
    NOW,
  );
  const agents = new AgentDirectory(EMPTY_ROSTER);
  agents.noteStored(events);
  for (const e of events) if (e.type === 'call.dialed') agents.noteDial(e.agentId, e.channel);
  return { windows, agents };
}

describe('leaderboard by points', () => {
  it("ranks people by today's points, a negative total last, robots never", () => {
    const { windows, agents } = floor([
      dial('seller'),
      sale('seller'),
      sale('seller'),
      dial('steady'),
      dial('flagged'),
      dial('bot', 'robot'),
    ]);
    const points: Record<string, number> = { seller: 40, steady: 52, flagged: -30, bot: 999 };
    const board = buildLeaderboard(windows, agents, { scope: 'floor', metric: 'points' }, NOW, { points: (a) => points[a] ?? 0 });
    expect(board.metric).toBe('points');
    expect(board.entries.map((e) => [e.agentId, e.value, e.points])).toEqual([
      ['steady', 52, 52],
      ['seller', 40, 40],
      ['flagged', -30, -30],
    ]);
  });

  it('without a points source every value is null ("—"), never a 0 nobody counted', () => {
    const { windows, agents } = floor([dial('a'), sale('a')]);
    const board = buildLeaderboard(windows, agents, { scope: 'floor', metric: 'points' }, NOW);
    expect(board.entries).toEqual([{ agentId: 'a', teamId: 'north', value: null, sales: 1, effective: 0 }]);
  });

  it("a sales board carries each person's points beside the sales", () => {
    const { windows, agents } = floor([dial('a'), sale('a')]);
    const board = buildLeaderboard(windows, agents, { scope: 'floor', metric: 'sales' }, NOW, { points: () => 20 });
    expect(board.entries).toEqual([{ agentId: 'a', teamId: 'north', value: 1, sales: 1, effective: 0, points: 20 }]);
  });
});
