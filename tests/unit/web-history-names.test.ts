// @vitest-environment happy-dom

import { type AgentRow, type AgentsAnswer, computeRates, emptyCounts } from '@floorpulse/shared';
import { describe, expect, it } from 'vitest';
import { agentsOption } from '../../web/src/lib/history-charts';
import { roster } from '../../web/src/lib/roster-names';

const row = (agentId: string, sales: number): AgentRow => {
  const counts = { ...emptyCounts(), dialed: 20, answered: 10, sales };
  return { agentId, teamId: 'north', channel: 'human', state: '', stateReason: '', stateSince: null, counts, rates: computeRates(counts) };
};
const body: AgentsAnswer = {
  sql: '',
  params: {},
  tz: 'Asia/Shanghai',
  from: '2026-01-05T00:00:00Z',
  to: '2026-01-06T00:00:00Z',
  rows: [row('WangFang', 3), row('nc-7781', 5)],
};

describe("the history page's agents chart", () => {
  it('labels the axis with roster names, by id for an agent the roster does not list', () => {
    roster.load({
      agents: [{ id: 'WangFang', name: '王芳', teamId: 'north', channel: 'human', active: true }],
      teams: [],
      unlisted: [],
      unlistedTotal: 0,
    });
    const option = agentsOption(body, 'sales', roster.name) as { xAxis: { data: string[] } };
    expect(option.xAxis.data).toEqual(['nc-7781', '王芳']);
    roster.load({ agents: [], teams: [], unlisted: [], unlistedTotal: 0 });
  });
});
