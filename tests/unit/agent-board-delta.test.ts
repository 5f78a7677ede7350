import { type AgentBoard, type AgentRow, computeRates, emptyCounts } from '@floorpulse/shared';
import { describe, expect, it } from 'vitest';
import { boardDelta, type SentRows } from '../../server/src/agent-board/agent-board-delta.js';

const row = (agentId: string, dialed = 0, state = ''): AgentRow => {
  const counts = { ...emptyCounts(), dialed };
  return { agentId, teamId: 't', channel: 'human', state, stateReason: '', stateSince: null, counts, rates: computeRates(counts) };
};
const board = (rows: AgentRow[]): AgentBoard => ({
  scope: 'floor',
  from: '2026-11-19T16:00:00.000Z',
  to: '2026-11-20T07:30:00.000Z',
  rows,
});

describe('agents table deltas', () => {
  it('sends every row the first time, then only the rows that changed, then nothing', () => {
    const sent: SentRows = new Map();
    expect(boardDelta(sent, board([row('a'), row('b')]))?.rows.map((r) => r.agentId)).toEqual(['a', 'b']);
    const d = boardDelta(sent, board([row('a'), row('b', 1)]));
    expect(d?.rows).toEqual([row('b', 1)]);
    expect(d?.removed).toEqual([]);
    expect(boardDelta(sent, board([row('a'), row('b', 1)]))).toBeNull();
  });
  it('names the agents that left the table, once', () => {
    const sent: SentRows = new Map();
    boardDelta(sent, board([row('a'), row('b')]));
    expect(boardDelta(sent, board([row('b')]))).toMatchObject({ rows: [], removed: ['a'] });
    expect(boardDelta(sent, board([row('b')]))).toBeNull();
  });
  it('a state change alone is a change', () => {
    const sent: SentRows = new Map();
    boardDelta(sent, board([row('a', 3, 'available')]));
    expect(boardDelta(sent, board([row('a', 3, 'break')]))?.rows).toEqual([row('a', 3, 'break')]);
  });
});
