import type { StoredEvent } from '@floorpulse/shared';
import { describe, expect, it } from 'vitest';
import { AgentDirectory } from '../../server/src/agents/agent-directory.js';
import { EMPTY_ROSTER } from '../../server/src/agents/roster.js';
import { contributionOf } from '../../server/src/pipeline/windows/contribution.js';
import { WindowStore } from '../../server/src/pipeline/windows/window-store.js';
import { buildLeaderboard } from '../../server/src/realtime/leaderboard.js';

const NOW = Date.parse('2026-11-20T07:30:00.000Z');
const t = { earlyHangupSeconds: 30, effectiveSeconds: 60 };
let n = 0;
const base = (agentId: string, teamId: string) => ({ id: `e${++n}`, ts: NOW - 60_000, teamId, agentId, callId: `c${n}` });
const dial = (a: string, team = 'north'): StoredEvent => ({ ...base(a, team), type: 'call.dialed', channel: 'human' });
const sale = (a: string, team = 'north'): StoredEvent => ({ ...base(a, team), type: 'call.outcome', outcome: 'sale' });
const effective = (a: string, team = 'north'): StoredEvent => ({
  ...base(a, team),
  type: 'call.ended',
  answered: true,
  talkSeconds: 90,
  hangupBy: 'agent',
});

function floor(events: StoredEvent[]) {
  const windows = new WindowStore({ bucketMs: 10_000, zone: 'Asia/Shanghai' });
  windows.add(
    events.map((e) => contributionOf(e, t)),
    NOW,
  );
  const agents = new AgentDirectory(EMPTY_ROSTER);
  agents.noteStored(events);
  return { windows, agents };
}

describe('buildLeaderboard', () => {
  it('ranks by sales, then effective conversations; dial volume alone wins nothing', () => {
    const { windows, agents } = floor([
      ...Array.from({ length: 50 }, () => dial('speedy')),
      dial('closer'),
      sale('closer'),
      dial('talker'),
      effective('talker'),
      effective('talker'),
      dial('closer2'),
      sale('closer2'),
      effective('closer2'),
    ]);
    const board = buildLeaderboard(windows, agents, { scope: 'floor', metric: 'sales' }, NOW);
    expect(board.entries.map((e) => e.agentId)).toEqual(['closer2', 'closer', 'talker', 'speedy']);
  });

  it('keeps a team board to its own agents', () => {
    const { windows, agents } = floor([dial('n1'), dial('w1', 'west'), sale('w1', 'west')]);
    const board = buildLeaderboard(windows, agents, { scope: 'team:north', metric: 'sales' }, NOW);
    expect(board.entries.map((e) => e.agentId)).toEqual(['n1']);
  });

  it('gives a rate metric no value under 10 calls, ranking such agents last', () => {
    const lucky = [dial('lucky'), effective('lucky')];
    const steady = Array.from({ length: 12 }, () => [dial('steady'), effective('steady')]).flat();
    const { windows, agents } = floor([
      ...lucky,
      ...steady,
      ...Array.from(
        { length: 10 },
        () => ({ ...dial('steady'), type: 'call.ended', answered: true, talkSeconds: 10, hangupBy: 'agent' }) as StoredEvent,
      ),
    ]);
    const board = buildLeaderboard(windows, agents, { scope: 'floor', metric: 'effectiveRate' }, NOW);
    expect(board.entries.map((e) => [e.agentId, e.value])).toEqual([
      ['steady', 12 / 22],
      ['lucky', null],
    ]);
  });

  it("leaves robot lines off the people's board, however many sales they make", () => {
    const { windows, agents } = floor([dial('robot-1'), sale('robot-1'), sale('robot-1'), dial('ana'), sale('ana')]);
    agents.noteDial('robot-1', 'robot');
    const board = buildLeaderboard(windows, agents, { scope: 'floor', metric: 'sales' }, NOW);
    expect(board.entries.map((e) => e.agentId)).toEqual(['ana']);
  });
});
