import { callEvent } from '@floorpulse/shared';
import { describe, expect, it } from 'vitest';
import { parseJsonMapping } from '../../server/src/dialers/mapping-file.js';
import { Resolver } from '../../server/src/dialers/resolver.js';
import { ConnectorStats } from '../../tools/connectors/core/connector-stats.js';
import { HeaderBlock } from '../../tools/connectors/core/header-block.js';
import type { OutEvent } from '../../tools/connectors/core/out-event.js';
import { EslMapper, type EslMapperOptions } from '../../tools/connectors/freeswitch/esl-mapper.js';
import { eslBlocks } from '../helpers/dialer-fixtures.js';

function run(
  blocks: HeaderBlock[],
  mapping: object = {},
  opts: Partial<EslMapperOptions> = {},
): { events: OutEvent[]; stats: ConnectorStats } {
  const stats = new ConnectorStats();
  const events: OutEvent[] = [];
  const mapper = new EslMapper({
    resolver: new Resolver(parseJsonMapping(JSON.stringify(mapping)), stats),
    stats,
    emit: (e) => events.push(...e),
    ...opts,
  });
  for (const b of blocks) mapper.handle(b);
  return { events, stats };
}

describe('FreeSWITCH ESL → FloorPulse on recorded events', () => {
  it('a customer leg first seen at its CHANNEL_HANGUP_COMPLETE is rebuilt: dialed, answered, ended with billsec, from its own times', () => {
    const { events, stats } = run(eslBlocks('esl-libresbc-hangup-complete.esl'));
    const leg = 'b1072f22-cdab-42c2-bea1-a3f3730098e5';
    const call = { teamId: 'unmapped', agentId: 'unmapped', channel: 'human', callId: `fs:${leg}` };
    expect(events).toEqual([
      { type: 'call.dialed', id: `fs:${leg}:dialed`, ts: 1621654552805, ...call },
      { type: 'call.answered', id: `fs:${leg}:answered`, ts: 1621654552824, ...call },
      // send_bye on the customer's leg of a bridged call: FreeSWITCH hung it up because the other side did.
      {
        type: 'call.ended',
        id: `fs:${leg}:ended`,
        ts: 1621654556764,
        answered: true,
        talkSeconds: 4,
        hangupBy: 'agent',
        abandoned: false,
        ...call,
      },
    ]);
    // The inbound leg (the PBX side) is not a customer call; the outbound leg's agent is unknown: counted.
    expect(Object.fromEntries(stats.unknownAgents)).toEqual({ '(no extension)': 1 });
    for (const e of events) expect(callEvent.safeParse(e).success).toBe(true);
  });

  it("the customer leg's agent comes from its a-leg when that was seen first", () => {
    const [outLeg, inLeg] = eslBlocks('esl-libresbc-hangup-complete.esl');
    const { events } = run([inLeg!, outLeg!], { agents: [{ extension: 'AWSFPBX', agentId: 'pbx-trunk', teamId: 'east' }] });
    expect(new Set(events.map((e) => `${e.agentId}/${e.teamId}`))).toEqual(new Set(['pbx-trunk/east']));
  });

  it('CHANNEL_CREATE of an outbound leg is call.dialed, mapped by its caller; a leg to a mapped agent is internal', () => {
    const create = eslBlocks('esl-datchuthanh-channel-create.esl');
    const { events } = run(create, { agents: [{ extension: '02473001403', agentId: 'dat', teamId: 'hanoi' }] });
    expect(events).toEqual([
      {
        type: 'call.dialed',
        id: 'fs:c37517e6-7fe3-42f7-8560-03df6cca0306:dialed',
        ts: 1735558457366,
        teamId: 'hanoi',
        agentId: 'dat',
        channel: 'human',
        callId: 'fs:c37517e6-7fe3-42f7-8560-03df6cca0306',
      },
    ]);
    const internal = run(create, { agents: [{ extension: '1002', agentId: 'agent-1002', teamId: 'hanoi' }] });
    expect(internal.events).toEqual([]);
    expect(internal.stats.internalDials).toBe(1);
  });

  it("an inbound leg's CHANNEL_ANSWER (an agent's own phone) is no customer call", () => {
    expect(run(eslBlocks('esl-cgrates-answer.esl'), { agents: [{ extension: '1001', agentId: 'a', teamId: 't' }] }).events).toEqual([]);
  });

  it('a replayed stream makes no second event', () => {
    const blocks = eslBlocks('esl-libresbc-hangup-complete.esl');
    expect(run([...blocks, ...blocks]).events).toHaveLength(3);
  });

  it('an answered call bridged to the other leg is not abandoned; with amd on and no amd_result, answeredBy is unknown', () => {
    const { events } = run(eslBlocks('esl-libresbc-hangup-complete.esl'), {}, { amd: true });
    expect(events.find((e) => e.type === 'call.ended')).toMatchObject({ abandoned: false });
    expect(events.find((e) => e.type === 'call.answered')).toMatchObject({ answeredBy: 'unknown' });
  });
});

describe('abandoned and answeredBy on a recorded leg with its bridge taken away', () => {
  /** The recorded hangup, as if no agent had been bridged to the customer: a predictive over-dial. */
  const unbridged = (extra: [string, string][] = []) =>
    eslBlocks('esl-libresbc-hangup-complete.esl').map(
      (b) =>
        new HeaderBlock(
          [
            ...b.fields.filter(([k]) => !['variable_bridge_uuid', 'variable_last_bridge_to', 'Caller-Channel-Bridged-Time'].includes(k)),
            ...extra,
          ],
          b.body,
        ),
    );
  const ended = (events: OutEvent[]) => events.find((e) => e.type === 'call.ended');

  it("a person's answered call never bridged to an agent is abandoned", () => {
    expect(ended(run(unbridged()).events)).toMatchObject({ answered: true, abandoned: true, channel: 'human' });
  });
  it('not when AMD found a machine (nobody was abandoned), and the answer says so', () => {
    const { events } = run(unbridged([['variable_amd_result', 'MACHINE']]));
    expect(ended(events)).toMatchObject({ answered: true, abandoned: false });
    expect(events.find((e) => e.type === 'call.answered')).toMatchObject({ answeredBy: 'machine' });
  });
  it("not on a robot line's call (its robot takes it without a bridge)", () => {
    const robotLine = { campaigns: [{ campaign: 'robot-q4', agentId: 'robot-1', teamId: 'north', channel: 'robot' }] };
    const { events } = run(unbridged([['variable_fp_campaign', 'robot-q4']]), robotLine);
    expect(ended(events)).toMatchObject({ agentId: 'robot-1', channel: 'robot', abandoned: false });
  });
});

describe('mod_callcenter agent events (documentation-based fixture)', () => {
  it('agent-status-change and agent-state-change → one agent.state per change, ids from Core-UUID and Event-Sequence', () => {
    const { events } = run(eslBlocks('esl-doc-callcenter-agent.esl'), {
      agents: [{ extension: '1000', agentId: 'ag1000', teamId: 'support' }],
    });
    const core = '3a1f2c7e-9d1b-4d0e-8c55-0f6a1b2c3d4e';
    const t = (s: number) => 1770889000000 + s * 1000;
    expect(events).toEqual(
      [
        ['available', 501, 1],
        ['on_call', 504, 34],
        ['wrap_up', 505, 95],
        ['available', 506, 125],
        ['break', 507, 600],
        ['offline', 508, 900],
      ].map(([state, seq, s]) => ({
        type: 'agent.state',
        id: `fs:${core}:${seq}`,
        ts: t(s as number),
        agentId: 'ag1000',
        teamId: 'support',
        state,
      })),
    );
  });
});
