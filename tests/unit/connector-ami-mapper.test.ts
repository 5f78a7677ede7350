import { callEvent } from '@floorpulse/shared';
import { describe, expect, it } from 'vitest';
import { type Mapping, parseJsonMapping } from '../../server/src/dialers/mapping-file.js';
import { Resolver } from '../../server/src/dialers/resolver.js';
import { AmiMapper, type AmiMapperOptions } from '../../tools/connectors/asterisk/ami-mapper.js';
import { ConnectorStats } from '../../tools/connectors/core/connector-stats.js';
import type { OutEvent } from '../../tools/connectors/core/out-event.js';
import { amiBlocks } from '../helpers/dialer-fixtures.js';
import { ManualScheduler } from '../helpers/manual-scheduler.js';

const MAPPING = parseJsonMapping(
  JSON.stringify({
    agents: [
      { extension: 'PJSIP/1986', agentId: 'martin', teamId: 'north' },
      { extension: '2001', agentId: 'anna', teamId: 'north' },
      { extension: 'SIP/ddddd', agentId: 'sf', teamId: 'south' },
    ],
    campaigns: [
      { campaign: 'robot-q4', agentId: 'robot-7', teamId: 'north', channel: 'robot' },
      { campaign: 'outbound-q4', teamId: 'north', campaignId: 'q4' },
    ],
    outcomes: { SALE: 'sale', NI: 'not_interested' },
  }),
);
const T0 = Date.UTC(2026, 1, 12, 9, 28, 29);

/** A mapper for pbx1 over `mapping` on a virtual clock at T0, and what it emits. */
function mapperOn(
  mapping: Mapping = MAPPING,
  opts: Partial<AmiMapperOptions> = {},
): { mapper: AmiMapper; events: OutEvent[]; stats: ConnectorStats; scheduler: ManualScheduler } {
  const scheduler = new ManualScheduler(T0);
  const stats = new ConnectorStats();
  const events: OutEvent[] = [];
  const mapper = new AmiMapper({
    sourceId: 'pbx1',
    resolver: new Resolver(mapping, stats),
    stats,
    scheduler,
    emit: (e) => events.push(...e),
    ...opts,
  });
  return { mapper, events, stats, scheduler };
}

/** Feeds a fixture's messages one a second (the fixture has no Timestamp headers: event time is receipt time). */
function run(
  fixture: string,
  opts: Partial<AmiMapperOptions> = {},
  stepMs = 1000,
): { events: OutEvent[]; stats: ConnectorStats; scheduler: ManualScheduler } {
  const { mapper, ...seen } = mapperOn(MAPPING, opts);
  for (const block of amiBlocks(fixture)) {
    mapper.handle(block);
    seen.scheduler.advance(stepMs);
  }
  return seen;
}
const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);

describe('AMI → FloorPulse on recorded Asterisk 13+ streams', () => {
  it('an answered call the customer hangs up: dialed, answered, ended with the answer→hangup talk time', () => {
    const { events, stats } = run('ami-13-answered-outbound.ami');
    const call = { teamId: 'north', agentId: 'martin', channel: 'human', callId: 'ami:pbx1:1770888509.41' };
    // Message 5 is the DialBegin, 10 the DialEnd ANSWER, 14 the HangupRequest of PJSIP/21, 18 its Hangup.
    expect(events).toEqual([
      { type: 'call.dialed', id: 'ami:pbx1:1770888509.41:dialed', ts: T0 + 5000, ...call },
      { type: 'call.answered', id: 'ami:pbx1:1770888509.41:answered', ts: T0 + 10_000, ...call },
      {
        type: 'call.ended',
        id: 'ami:pbx1:1770888509.41:ended',
        ts: T0 + 18_000,
        answered: true,
        talkSeconds: 8,
        hangupBy: 'customer',
        abandoned: false,
        ...call,
      },
    ]);
    expect(stats.received).toBe(21);
    expect(stats.unknownAgents.size).toBe(0);
    for (const e of events) expect(callEvent.safeParse(e).success).toBe(true);
  });

  it('a dial the agent cancels while it rings: one unanswered call.ended, hung up by the agent', () => {
    const { events } = run('ami-13-unanswered-cancel.ami');
    expect(events.map((e) => [e.type, e.ts, e.type === 'call.ended' ? [e.answered, e.talkSeconds, e.hangupBy] : null])).toEqual([
      ['call.dialed', T0 + 5000, null],
      ['call.ended', T0 + 10_000, [false, 0, 'agent']],
    ]);
  });

  it('reading the same stream twice makes no new event (a reconnect that replays)', () => {
    const { mapper, events } = mapperOn();
    for (const b of [...amiBlocks('ami-13-answered-outbound.ami'), ...amiBlocks('ami-13-answered-outbound.ami')]) mapper.handle(b);
    expect(events.map((e) => e.id)).toEqual([
      'ami:pbx1:1770888509.41:dialed',
      'ami:pbx1:1770888509.41:answered',
      'ami:pbx1:1770888509.41:ended',
    ]);
  });

  it('an agent leg dialed to another mapped agent is internal: not a customer call, counted', () => {
    const mapping = parseJsonMapping(
      JSON.stringify({
        agents: [
          { extension: '1986', agentId: 'martin', teamId: 'north' },
          { extension: '21', agentId: 'kitchen', teamId: 'north' },
        ],
      }),
    );
    const { mapper, events, stats } = mapperOn(mapping);
    for (const b of amiBlocks('ami-13-answered-outbound.ami')) mapper.handle(b);
    expect(events).toEqual([]);
    expect(stats.internalDials).toBe(1);
  });

  it("an unknown extension is counted by its key and sent under the mapping's unmapped ids, not lost", () => {
    const { mapper, events, stats } = mapperOn(parseJsonMapping('{}'));
    for (const b of amiBlocks('ami-13-unanswered-cancel.ami')) mapper.handle(b);
    expect(events.map((e) => [e.type, e.agentId, e.teamId])).toEqual([
      ['call.dialed', 'unmapped', 'unmapped'],
      ['call.ended', 'unmapped', 'unmapped'],
    ]);
    expect(Object.fromEntries(stats.unknownAgents)).toEqual({ 'PJSIP/1986': 1 });
  });
});

describe('AMI → FloorPulse on a recorded Asterisk 11 stream (Dial, Bridge)', () => {
  it('Dial Begin is the dial, the first Bridge Link the answer, the Hangup of the dialed leg the end', () => {
    const { events } = run('ami-11-dial-bridge.ami');
    const call = { teamId: 'south', agentId: 'sf', channel: 'human', callId: 'ami:pbx1:1414510609.3' };
    expect(events).toEqual([
      { type: 'call.dialed', id: 'ami:pbx1:1414510609.3:dialed', ts: T0, ...call },
      { type: 'call.answered', id: 'ami:pbx1:1414510609.3:answered', ts: T0 + 4000, ...call },
      {
        type: 'call.ended',
        id: 'ami:pbx1:1414510609.3:ended',
        ts: T0 + 10_000,
        answered: true,
        talkSeconds: 6,
        hangupBy: 'customer',
        abandoned: false,
        ...call,
      },
    ]);
  });
});

describe('AMI → FloorPulse on the documentation-based floor (Timestamp headers, Cdr, AgentComplete, queues)', () => {
  const B = 1770889000;
  const ms = (s: number) => (B + s) * 1000;
  const agent = { teamId: 'north', agentId: 'martin', channel: 'human', campaignId: 'q4' } as const;
  const call = (uid: string) => ({ callId: `ami:pbx1:${uid}` });
  const expected: OutEvent[] = [
    ...[1, 2, 3, 4].flatMap((n) => {
      const uid = `${B + 60 * n}.${n}1`;
      return [
        { type: 'call.dialed', id: `ami:pbx1:${uid}:dialed`, ts: ms(60 * n), ...agent, ...call(uid) },
        {
          type: 'call.ended',
          id: `ami:pbx1:${uid}:ended`,
          ts: ms(60 * n + 20),
          answered: false,
          talkSeconds: 0,
          hangupBy: 'system',
          ...agent,
          ...call(uid),
        },
      ] as OutEvent[];
    }),
    // E: the agent hangs up first (HangupRequest on its leg); talk time is the Cdr's BillableSeconds; then a SALE.
    { type: 'call.dialed', id: `ami:pbx1:${B + 300}.51:dialed`, ts: ms(300), ...agent, ...call(`${B + 300}.51`) },
    { type: 'call.answered', id: `ami:pbx1:${B + 300}.51:answered`, ts: ms(308), ...agent, ...call(`${B + 300}.51`) },
    {
      type: 'call.ended',
      id: `ami:pbx1:${B + 300}.51:ended`,
      ts: ms(404),
      answered: true,
      talkSeconds: 95,
      hangupBy: 'agent',
      abandoned: false,
      ...agent,
      ...call(`${B + 300}.51`),
    },
    {
      type: 'call.outcome',
      id: `ami:pbx1:${B + 300}.51:outcome`,
      ts: ms(430),
      outcome: 'sale',
      amount: 120,
      ...agent,
      ...call(`${B + 300}.51`),
    },
    // F: a robot line's originated call (only Dest fields): the campaign row names the agent; no Cdr, so the interval.
    ...(['dialed', 'answered', 'ended'] as const).map(
      (k) =>
        ({
          type: `call.${k}`,
          id: `ami:pbx1:${B + 420}.61:${k}`,
          ts: ms({ dialed: 420, answered: 426, ended: 429 }[k]),
          // Never bridged, but a robot line's call is its robot's: not abandoned.
          ...(k === 'ended' ? { answered: true, talkSeconds: 3, hangupBy: 'system', abandoned: false } : {}),
          teamId: 'north',
          agentId: 'robot-7',
          channel: 'robot',
          campaignId: 'robot-q4',
          ...call(`${B + 420}.61`),
        }) as OutEvent,
    ),
    // G: sent to a queue; AgentComplete gives TalkTime 42 and Reason caller (the customer hung up).
    {
      type: 'call.dialed',
      id: `ami:pbx1:${B + 500}.71:dialed`,
      ts: ms(500),
      teamId: 'north',
      agentId: 'anna',
      channel: 'human',
      campaignId: 'q4',
      ...call(`${B + 500}.71`),
    },
    {
      type: 'call.answered',
      id: `ami:pbx1:${B + 500}.71:answered`,
      ts: ms(505),
      teamId: 'north',
      agentId: 'anna',
      channel: 'human',
      campaignId: 'q4',
      ...call(`${B + 500}.71`),
    },
    {
      type: 'call.ended',
      id: `ami:pbx1:${B + 500}.71:ended`,
      ts: ms(550),
      answered: true,
      talkSeconds: 42,
      hangupBy: 'customer',
      abandoned: false,
      teamId: 'north',
      agentId: 'anna',
      channel: 'human',
      campaignId: 'q4',
      ...call(`${B + 500}.71`),
    },
    // Agent states: one per change, not one per queue; LUNCH is a break, and its reason is kept as the dialer names it.
    ...(
      [
        ['break', 600, 404],
        ['available', 900, 404],
        ['on_call', 910, 404],
        ['available', 990, 990],
      ] as const
    ).map(
      ([state, s, lastCall]) =>
        ({
          type: 'agent.state',
          id: `ami:pbx1:state:PJSIP/1986:${state}:${B + 600}:${B + lastCall}`,
          ts: ms(s),
          teamId: 'north',
          agentId: 'martin',
          state,
          ...(state === 'break' ? { reason: 'LUNCH' } : {}),
        }) as OutEvent,
    ),
  ];

  it('gives exactly the hand-written events', () => {
    const { events, scheduler } = run('ami-16-doc-outbound-floor.ami', { cdr: true }, 0);
    scheduler.advance(5000);
    expect([...events].sort(byId)).toEqual([...expected].sort(byId));
    for (const e of events) expect(callEvent.safeParse(e).success, JSON.stringify(e)).toBe(true);
  });

  it("with amd on: answeredBy from AMDSTATUS (unknown when none came), abandoned for a person's answered call no agent took", () => {
    const { events, scheduler } = run('ami-16-doc-outbound-floor.ami', { cdr: true, amd: true }, 0);
    scheduler.advance(15_000);
    const answered = Object.fromEntries(
      events.filter((e) => e.type === 'call.answered').map((e) => [e.callId, 'answeredBy' in e ? e.answeredBy : null]),
    );
    expect(answered).toEqual({
      [`ami:pbx1:${B + 300}.51`]: 'human',
      [`ami:pbx1:${B + 420}.61`]: 'machine',
      [`ami:pbx1:${B + 500}.71`]: 'unknown',
    });
    const abandoned = Object.fromEntries(
      events.flatMap((e) => (e.type === 'call.ended' && e.answered ? [[e.callId, 'abandoned' in e ? e.abandoned : null]] : [])),
    );
    // .61 was never bridged, but AMD found a machine on it: nobody was abandoned (docs/metrics.md, abandoned).
    expect(abandoned).toEqual({ [`ami:pbx1:${B + 300}.51`]: false, [`ami:pbx1:${B + 420}.61`]: false, [`ami:pbx1:${B + 500}.71`]: false });
    // Off, call.answered goes out at the answer, before AMD decides: no answeredBy, and no wait.
    const { events: plain } = run('ami-16-doc-outbound-floor.ami', { cdr: true }, 0);
    expect(plain.some((e) => 'answeredBy' in e)).toBe(false);
  });

  it('without cdr the end is not held: the talk time is the answer→hangup interval of the Timestamp headers', () => {
    const { events } = run('ami-16-doc-outbound-floor.ami', {}, 0);
    const e = events.find((x) => x.id === `ami:pbx1:${B + 300}.51:ended`);
    expect(e && e.type === 'call.ended' && e.talkSeconds).toBe(96);
  });
});
