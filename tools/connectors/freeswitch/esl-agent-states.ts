import type { AgentState } from '@floorpulse/shared';
import { sourceId } from '../../../server/src/dialers/event-id.js';
import type { Resolver } from '../../../server/src/dialers/resolver.js';
import type { HeaderBlock } from '../core/header-block.js';
import type { OutEvent } from '../core/out-event.js';
import { fsTime, fsUserKeys } from './esl-fields.js';

/** mod_callcenter agent statuses (docs/connectors.md): a break or a logout wins over any state. */
const STATUS: Record<string, AgentState | null> = {
  'Logged Out': 'offline',
  'On Break': 'break',
  Available: null,
  'Available (On Demand)': null,
};
/** mod_callcenter agent states: Idle is the wrap-up time after a call, Receiving is ringing (not yet a call). */
const STATE: Record<string, AgentState> = { Waiting: 'available', Receiving: 'available', 'In a queue call': 'on_call', Idle: 'wrap_up' };

/**
 * CUSTOM callcenter::info (agent-status-change, agent-state-change) → agent.state. The id is the event's
 * own: Event-UUID when FreeSWITCH sends one, else Core-UUID (one per FreeSWITCH run) and Event-Sequence.
 * A state equal to the last one sent for the agent is not sent again.
 */
export class EslAgentStates {
  private readonly status = new Map<string, AgentState | null>();
  private readonly state = new Map<string, AgentState>();
  private readonly last = new Map<string, AgentState>();

  constructor(private readonly o: { resolver: Resolver; emit: (e: OutEvent) => void }) {}

  callcenter(b: HeaderBlock): void {
    const agent = b.value('CC-Agent');
    const action = b.value('CC-Action');
    if (!agent) return;
    if (action === 'agent-status-change') {
      const s = STATUS[b.value('CC-Agent-Status') ?? ''];
      if (s === undefined) return;
      this.status.set(agent, s);
    } else if (action === 'agent-state-change') {
      const s = STATE[b.value('CC-Agent-State') ?? ''];
      if (!s) return;
      this.state.set(agent, s);
    } else return;
    const now = this.status.get(agent) ?? this.state.get(agent) ?? 'available';
    if (this.last.get(agent) === now) return;
    this.last.set(agent, now);
    const identity = this.o.resolver.resolve({ extensions: fsUserKeys(agent) });
    if (!identity) return;
    const eventUuid = b.value('Event-UUID');
    const id = eventUuid ? sourceId('fs', [eventUuid]) : sourceId('fs', [b.value('Core-UUID') ?? '', b.value('Event-Sequence') ?? '']);
    const { agentId, teamId, campaignId } = identity;
    this.o.emit({
      type: 'agent.state',
      id,
      ts: fsTime(b, 'Event-Date-Timestamp') ?? 0,
      agentId,
      teamId,
      state: now,
      ...(campaignId ? { campaignId } : {}),
    });
  }
}
