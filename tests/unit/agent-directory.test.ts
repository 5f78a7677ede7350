import type { StoredEvent } from '@floorpulse/shared';
import { describe, expect, it } from 'vitest';
import { AgentDirectory } from '../../server/src/agents/agent-directory.js';
import { EMPTY_ROSTER } from '../../server/src/agents/roster.js';
import { ChannelResolver } from '../../server/src/ingest/channel-resolver.js';

const dial = (id: string, agentId: string, callId: string, channel: 'human' | 'robot', teamId = 'north'): StoredEvent => ({
  id,
  type: 'call.dialed',
  ts: 1000,
  teamId,
  agentId,
  callId,
  channel,
});
const answered = (id: string, agentId: string, callId: string, channel?: 'human' | 'robot'): StoredEvent => ({
  id,
  type: 'call.answered',
  ts: 2000,
  teamId: 'north',
  agentId,
  callId,
  ...(channel ? { channel } : {}),
});
const channelOf = (e: StoredEvent) => ('channel' in e ? e.channel : undefined);

describe('the agent directory', () => {
  it('answers team, channel and robot line from its seed, then from what it is told', () => {
    const agents = new AgentDirectory(EMPTY_ROSTER);
    agents.seed([
      { agentId: 'r1', teamId: 'north', channel: 'robot' },
      { agentId: 'p1', teamId: 'west' },
    ]);
    expect([agents.teamOf('r1'), agents.channelOf('r1'), agents.isRobot('r1')]).toEqual(['north', 'robot', true]);
    expect([agents.teamOf('p1'), agents.channelOf('p1'), agents.isRobot('p1')]).toEqual(['west', undefined, false]);
    expect([agents.teamOf('nobody'), agents.isRobot('nobody')]).toEqual([undefined, false]);

    agents.noteStored([dial('e1', 'p1', 'c1', 'human', 'south')]);
    agents.noteDial('r1', 'human');
    expect([agents.teamOf('p1'), agents.isRobot('r1')]).toEqual(['south', false]);
  });
});

describe('the channel stamped at ingest', () => {
  it("is the event's own, else its call's dial, else its agent's latest dial, else none", () => {
    const agents = new AgentDirectory(EMPTY_ROSTER);
    agents.seed([{ agentId: 'r1', teamId: 'north', channel: 'robot' }]);
    const resolver = new ChannelResolver({ agents });
    // Answer before dial in one batch: the batch's dials are learnt first.
    const stamped = resolver.resolve([
      answered('a1', 'p1', 'c1', 'robot'),
      answered('a2', 'p1', 'c2'),
      answered('a3', 'r1', 'c-unknown'),
      answered('a4', 'p9', 'c-lost'),
      dial('d2', 'p1', 'c2', 'human'),
    ]);
    // own, its call's dial, its agent's latest dial, none; then the dial itself.
    expect(stamped.map(channelOf)).toEqual(['robot', 'human', 'robot', undefined, 'human']);
    // The dial made p1 a human line in the directory: a later call of p1 whose dial is unknown is human.
    expect(resolver.resolve([answered('a5', 'p1', 'c-other')]).map(channelOf)).toEqual(['human']);
    expect(agents.channelOf('p1')).toBe('human');
  });

  it('forgets the oldest calls past its bound, and the agent fallback covers them', () => {
    const agents = new AgentDirectory(EMPTY_ROSTER);
    const resolver = new ChannelResolver({ agents, maxCalls: 1 });
    resolver.learn([dial('d1', 'r1', 'c1', 'robot'), dial('d2', 'p1', 'c2', 'human')]);
    agents.noteDial('r1', 'human'); // r1 dialled as a human since: c1 is forgotten, so r1's latest dial decides
    expect(resolver.resolve([answered('a1', 'r1', 'c1'), answered('a2', 'p1', 'c2')]).map(channelOf)).toEqual(['human', 'human']);
  });
});
