import type { RosterAgent, StoredEvent } from '@floorpulse/shared';
import { describe, expect, it } from 'vitest';
import { AgentDirectory } from '../../server/src/agents/agent-directory.js';
import type { RosterView } from '../../server/src/agents/roster.js';
import { contributionOf } from '../../server/src/pipeline/windows/contribution.js';
import { WindowStore } from '../../server/src/pipeline/windows/window-store.js';
import { buildLeaderboard } from '../../server/src/realtime/leaderboard.js';
import { dialed, flag, metricHarness, outcome, repeat, rule, thresholds } from './rules-harness.js';

/** A roster as the server's Roster answers it (agents/roster.ts): a fixed list. */
function rosterOf(...agents: RosterAgent[]): RosterView {
  const byId = new Map(agents.map((a) => [a.id, a]));
  return { agent: (id) => byId.get(id), team: () => undefined };
}
const line = (id: string, channel: 'human' | 'robot'): RosterAgent => ({ id, name: id, teamId: 't1', channel, active: true });

const NOW = 3_600_000;
const reminders = (agentId: string) => repeat(6, () => flag(1000, 'script_reminder', 'reminder', { agentId }));
const leads = (agentId: string, n: number) => repeat(n, () => outcome(1000, 'lead', { agentId }));

describe("people's rules and robot lines", () => {
  it('skips a robot line the roster names for the stress alert, while a person with the same numbers gets it', () => {
    const h = metricHarness([rule('agent-reminders-today')], 'UTC', rosterOf(line('r1', 'robot'), line('p1', 'human')));
    expect(h.step([...reminders('r1'), ...reminders('p1')], NOW)).toEqual(['fire:agent-reminders-today:agent:p1']);
  });

  it("falls back to the events' channel for a line the roster does not list, and the roster wins over it", () => {
    const h = metricHarness([rule('agent-reminders-today')], 'UTC', rosterOf(line('listed', 'human')));
    // Both dialled as robots; only the unlisted one is a robot line, the roster says `listed` is a person.
    const dials = [dialed(500, { agentId: 'unlisted' }, { channel: 'robot' }), dialed(500, { agentId: 'listed' }, { channel: 'robot' })];
    expect(h.step([...dials, ...reminders('unlisted'), ...reminders('listed')], NOW)).toEqual(['fire:agent-reminders-today:agent:listed']);
  });

  it('gives a robot line its own milestone at 50 hot leads today, and never a person', () => {
    const h = metricHarness([rule('robot-hot-leads')], 'UTC', rosterOf(line('r1', 'robot'), line('p1', 'human')));
    expect(h.step([...leads('r1', 49), ...leads('p1', 60)], NOW)).toEqual([]);
    expect(h.step(leads('r1', 1), NOW + 1000)).toEqual(['fire:robot-hot-leads:agent:r1']);
  });

  it("keeps the outstanding day for people: a robot line's conversion does not earn it", () => {
    const h = metricHarness([rule('agent-achievement')], 'UTC', rosterOf(line('r1', 'robot'), line('p1', 'human')));
    const day = (agentId: string): StoredEvent[] =>
      repeat(25, (i) => [
        { id: `${agentId}-a${i}`, type: 'call.answered', ts: 1000, teamId: 't1', agentId, callId: `${agentId}-c${i}` } as StoredEvent,
        outcome(1000, 'sale', { agentId }, `${agentId}-c${i}`),
      ]).flat();
    expect(h.step([...day('r1'), ...day('p1')], NOW)).toEqual(['fire:agent-achievement:agent:p1']);
  });

  it("leaves a robot line the roster names off the people's leaderboard, though it dialled as a person", () => {
    const events: StoredEvent[] = [dialed(NOW - 60_000, { agentId: 'r1' }), outcome(NOW - 60_000, 'sale', { agentId: 'r1' })];
    events.push(dialed(NOW - 60_000, { agentId: 'p1' }), outcome(NOW - 60_000, 'sale', { agentId: 'p1' }));
    const windows = new WindowStore({ bucketMs: 10_000, zone: 'UTC' });
    windows.add(
      events.map((e) => contributionOf(e, thresholds)),
      NOW,
    );
    const agents = new AgentDirectory(rosterOf(line('r1', 'robot')));
    agents.noteStored(events);
    agents.noteDial('r1', 'human');
    expect(buildLeaderboard(windows, agents, { scope: 'floor', metric: 'sales' }, NOW).entries.map((e) => e.agentId)).toEqual(['p1']);
  });
});
