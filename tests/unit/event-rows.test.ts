import type { StoredEvent } from '@floorpulse/shared';
import { describe, expect, it } from 'vitest';
import { rowJson, toRow, withoutDefaults } from '../../server/src/storage/event-rows.js';

const AT = Date.parse('2026-11-20T07:30:00Z');
const TS = Date.parse('2026-11-20T07:00:00Z');
const base = { ts: TS, teamId: 'north', agentId: 'north-a1' };
const call = { ...base, callId: 'c1' };

/** Every event shape, with and without its optional fields, and strings JSON must escape. */
const events: StoredEvent[] = [
  { ...call, id: 'd1', type: 'call.dialed', channel: 'human' },
  { ...call, id: 'd2', type: 'call.dialed', channel: 'robot', phoneHash: 'h'.repeat(22), consentExpiresAt: TS + 1, campaignId: 'camp' },
  { ...call, id: 'a1', type: 'call.answered' },
  { ...call, id: 'a2', type: 'call.answered', channel: 'robot' },
  { ...call, id: 'a3', type: 'call.answered', answeredBy: 'machine' },
  { ...call, id: 'e1', type: 'call.ended', answered: false, talkSeconds: 0, hangupBy: 'system' },
  { ...call, id: 'e2', type: 'call.ended', answered: true, talkSeconds: 12.5, hangupBy: 'customer', channel: 'human' },
  { ...call, id: 'e3', type: 'call.ended', answered: true, talkSeconds: 2, hangupBy: 'system', abandoned: true },
  { ...call, id: 'e4', type: 'call.ended', answered: true, talkSeconds: 40, hangupBy: 'agent', abandoned: false },
  { ...call, id: 'e4r', type: 'call.ended', answered: true, talkSeconds: 41, hangupBy: 'agent', recordingUrl: 'https://rec.example/a.wav' },
  { ...call, id: 'o1', type: 'call.outcome', outcome: 'sale', amount: 0 },
  { ...call, id: 'o2', type: 'call.outcome', outcome: 'lead' },
  { ...call, id: 'f1', type: 'compliance.flag', rule: 'outside_hours', severity: 'violation', derived: true },
  { ...call, id: 'f2', type: 'compliance.flag', rule: 'script', severity: 'reminder', derived: false },
  { ...base, id: 's1', type: 'agent.state', state: 'on_call' },
  { ...base, id: 's2', type: 'agent.state', state: 'break', reason: 'LUNCH 午餐' },
  { ...base, id: 'h1', type: 'help.requested' },
  { ...base, id: 'h2', type: 'help.requested', message: '' },
  { ...call, id: 'd3', type: 'call.dialed', channel: 'human', leadCallId: 'robot-call-7' },
  { ...call, id: 'o3', type: 'call.outcome', outcome: 'sale', amount: 99.5, channel: 'human', leadCallId: 'robot-call-7' },
  { ...call, id: 'r1', type: 'call.rated', satisfaction: 4, channel: 'human' },
  { ...call, id: 'q1', type: 'qa.scored', scriptAccuracy: 0, needsDiscovery: 65, attitude: 100 },
  { ...base, id: 'h3\t"q"\\', type: 'help.requested', message: 'line\nbreak \u0001 \u2028 😀 lone \ud800 end', teamId: '北区' },
];

describe('insert rows', () => {
  it.each(events.map((e) => [e.id, e] as const))('rowJson(%s) is exactly the JSON of the row without its defaults', (_id, e) => {
    expect(rowJson(e, AT)).toBe(JSON.stringify(withoutDefaults(toRow(e, AT))));
  });
  it('keeps answered: false (a Nullable column) and drops the other defaults', () => {
    const row = JSON.parse(rowJson(events.find((e) => e.id === 'e1')!, AT)) as Record<string, unknown>;
    expect(row).toEqual({
      id: 'e1',
      type: 'call.ended',
      ts: TS,
      team_id: 'north',
      agent_id: 'north-a1',
      call_id: 'c1',
      answered: false,
      hangup_by: 'system',
      received_at: AT,
    });
  });
});

describe('the dialer outcome columns (migration 0011)', () => {
  it('keeps answeredBy, abandoned: true and a state reason, and drops abandoned: false like the column default', () => {
    const row = (id: string) => JSON.parse(rowJson(events.find((e) => e.id === id)!, AT)) as Record<string, unknown>;
    expect(row('a3').answered_by).toBe('machine');
    expect(row('e3').abandoned).toBe(true);
    expect('abandoned' in row('e4')).toBe(false);
    expect(row('s2').state_reason).toBe('LUNCH 午餐');
  });
});
