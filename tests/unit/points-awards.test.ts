import type { StoredEvent } from '@floorpulse/shared';
import { describe, expect, it } from 'vitest';
import { ViolationIndex } from '../../server/src/pipeline/rules/event-rule-engine.js';
import { eventAwards } from '../../server/src/points/points-awards.js';
import { DEFAULT_POINTS } from '../../server/src/points/points-defaults.js';

const base = { teamId: 'north', agentId: 'wang', ts: 1_795_000_000_000 };
const sale = (callId: string, id = `${callId}-o`): StoredEvent => ({ ...base, id, callId, type: 'call.outcome', outcome: 'sale' });
const ended = (callId: string, talkSeconds: number): StoredEvent => ({
  ...base,
  id: `${callId}-e`,
  callId,
  type: 'call.ended',
  answered: true,
  talkSeconds,
  hangupBy: 'agent',
});
const flag = (callId: string, severity: 'violation' | 'reminder' = 'violation'): StoredEvent => ({
  ...base,
  id: `${callId}-f-${severity}`,
  callId,
  type: 'compliance.flag',
  rule: 'script',
  severity,
});
const deps = (o: { robots?: string[]; rules?: Partial<typeof DEFAULT_POINTS> } = {}) => ({
  rules: { ...DEFAULT_POINTS, ...o.rules },
  violations: new ViolationIndex(),
  isRobot: (a: string) => (o.robots ?? []).includes(a),
  effectiveSeconds: 60,
});
const ids = (rows: { id: string; points: number }[]) => rows.map((r) => `${r.id}=${r.points}`);

describe('eventAwards', () => {
  it('awards nothing for no events', () => {
    expect(eventAwards([], deps())).toEqual([]);
  });

  it('a sale, an effective conversation (60 s or more) and a violation, each named by rule, agent and call', () => {
    expect(ids(eventAwards([sale('c1'), ended('c2', 60), ended('c3', 59), flag('c4'), flag('c5', 'reminder')], deps()))).toEqual([
      'sale:wang:c1=20',
      'effective:wang:c2=2',
      'violation:wang:c4=-30',
    ]);
  });

  it('a sale whose call has a violation in the same batch earns nothing, even when the flag comes after it', () => {
    expect(ids(eventAwards([sale('c1'), flag('c1')], deps()))).toEqual(['violation:wang:c1=-30']);
  });

  it('a sale on a call flagged in an earlier batch earns nothing; a flag after the sale costs, and the sale stays', () => {
    const d = deps();
    eventAwards([flag('c1')], d);
    expect(eventAwards([sale('c1')], d)).toEqual([]);
    expect(ids(eventAwards([sale('c2')], d))).toEqual(['sale:wang:c2=20']);
    expect(ids(eventAwards([flag('c2')], d))).toEqual(['violation:wang:c2=-30']);
  });

  it('a sale sent twice under two event ids is one award id', () => {
    const rows = eventAwards([sale('c1', 'x'), sale('c1', 'y')], deps());
    expect(new Set(rows.map((r) => r.id))).toEqual(new Set(['sale:wang:c1']));
  });

  it('robot lines earn and lose nothing', () => {
    expect(eventAwards([sale('c1'), ended('c2', 90), flag('c3')], deps({ robots: ['wang'] }))).toEqual([]);
  });

  it('a rule worth 0 writes no row', () => {
    expect(ids(eventAwards([sale('c1'), ended('c2', 90)], deps({ rules: { effective: 0 } })))).toEqual(['sale:wang:c1=20']);
  });
});
