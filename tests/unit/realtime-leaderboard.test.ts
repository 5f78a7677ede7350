import { DEFAULT_WEIGHTS, type StoredEvent } from '@floorpulse/shared';
import { describe, expect, it } from 'vitest';
import { AgentDirectory } from '../../server/src/agents/agent-directory.js';
import { EMPTY_ROSTER } from '../../server/src/agents/roster.js';
import { contributionOf } from '../../server/src/pipeline/windows/contribution.js';
import { WindowStore } from '../../server/src/pipeline/windows/window-store.js';
import { buildLeaderboard } from '../../server/src/realtime/leaderboard.js';
import { dayKpi } from '../../server/src/scores/day-kpi.js';

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

  it('rank=kpi: by today\'s KPI score, as the score SQL computes one day; "—" (null) under 10 dials', () => {
    const answered = (a: string): StoredEvent => ({ ...base(a, 'north'), type: 'call.answered' });
    const flag = (a: string): StoredEvent => ({ ...base(a, 'north'), type: 'compliance.flag', rule: 'script', severity: 'violation' });
    const { windows, agents } = floor([
      // 20 dials, 10 answered, 1 sale: volume 20 ÷ 40 = 0.5, conversion 0.1 ÷ 0.05 → 1, compliance 1 → (10 + 30 + 20) ÷ 70
      ...Array.from({ length: 20 }, () => dial('good')),
      ...Array.from({ length: 10 }, () => answered('good')),
      sale('good'),
      // 40 dials, 10 answered, no sale, 4 violating calls: volume 1, conversion 0, compliance 0.9 → (20 + 0 + 18) ÷ 70
      ...Array.from({ length: 40 }, () => dial('busy')),
      ...Array.from({ length: 10 }, () => answered('busy')),
      ...Array.from({ length: 4 }, () => flag('busy')),
      // 3 dials, 1 sale: too few to score.
      dial('few'),
      dial('few'),
      dial('few'),
      sale('few'),
    ]);
    const kpiOf = (c: Parameters<typeof dayKpi>[0]) => dayKpi(c, DEFAULT_WEIGHTS, { dailyDials: 40, conversion: 0.05 });
    const board = buildLeaderboard(windows, agents, { scope: 'floor', metric: 'kpi' }, NOW, { kpiOf });
    expect(board.entries.map((e) => e.agentId)).toEqual(['good', 'busy', 'few']);
    expect(board.entries[0]?.value).toBeCloseTo((100 * 60) / 70, 9);
    expect(board.entries[1]?.value).toBeCloseTo((100 * 38) / 70, 9);
    expect(board.entries[2]?.value).toBeNull();
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
