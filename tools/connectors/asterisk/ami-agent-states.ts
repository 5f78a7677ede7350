import type { AgentState } from '@floorpulse/shared';
import { sourceId } from '../../../server/src/dialers/event-id.js';
import type { Resolver } from '../../../server/src/dialers/resolver.js';
import type { HeaderBlock } from '../core/header-block.js';
import type { OutEvent } from '../core/out-event.js';
import { extensionKeys } from './ami-fields.js';

/** A queue member's device state (QueueMemberStatus Status, AST_DEVICE_*) as an agent state; 0 (unknown) says nothing. */
const DEVICE_STATE: Record<string, AgentState> = {
  '1': 'available',
  '2': 'on_call',
  '3': 'on_call',
  '4': 'offline',
  '5': 'offline',
  '6': 'available',
  '7': 'on_call',
  '8': 'on_call',
};

/**
 * QueueMemberPause and QueueMemberStatus → agent.state. Asterisk raises them once per queue the member is
 * in: the state is the member's, so the queue is not part of the id, and a state equal to the last one
 * sent for that interface is not sent again. The id carries LastPause and LastCall (the member's own
 * epoch seconds), so the same change re-read after a reconnect or a connector restart has the same id.
 */
export class AmiAgentStates {
  private readonly last = new Map<string, string>();

  constructor(private readonly o: { sourceId: string; resolver: Resolver; emit: (e: OutEvent) => void }) {}

  member(b: HeaderBlock, ts: number): void {
    const iface = b.value('Interface') ?? b.value('StateInterface') ?? b.value('Location');
    if (!iface) return;
    const paused = b.value('Paused') === '1';
    const pauseReason = paused ? (b.value('PausedReason') ?? b.value('Reason')) : undefined;
    const state = paused ? this.o.resolver.pauseState(pauseReason) : DEVICE_STATE[b.value('Status') ?? ''];
    // A new pause reason is a change too (LUNCH → TRAINING is still a break).
    const shown = `${state}:${pauseReason ?? ''}`;
    if (!state || this.last.get(iface) === shown) return;
    const keys = [
      ...extensionKeys(iface),
      ...extensionKeys(b.value('StateInterface')),
      ...[b.value('MemberName')].filter((k): k is string => !!k),
    ];
    const identity = this.o.resolver.resolve({
      extensions: [...new Set(keys)],
      queues: [b.value('Queue')].filter((q): q is string => !!q),
    });
    this.last.set(iface, shown);
    if (!identity) return;
    const when =
      b.value('LastPause') !== undefined || b.value('LastCall') !== undefined
        ? [b.value('LastPause') ?? '', b.value('LastCall') ?? '']
        : [String(Math.floor(ts / 1000))];
    const { agentId, teamId, campaignId } = identity;
    this.o.emit({
      type: 'agent.state',
      id: sourceId('ami', [this.o.sourceId, 'state', iface, state, ...when]),
      ts,
      agentId,
      teamId,
      state,
      // The dialer's own pause code, as the supervisor knows it (64: the contract's limit on it).
      ...(pauseReason ? { reason: [...pauseReason].slice(0, 64).join('') } : {}),
      ...(campaignId ? { campaignId } : {}),
    });
  }
}
