import type { AgentState, Outcome } from '@floorpulse/shared';
import type { Identity, Mapping } from './mapping-file.js';

/** What a source event says about who made the call: candidate keys, most specific first. */
export interface IdentityKeys {
  /** Extensions, interfaces or agent logins: "PJSIP/1986", "1986", "1000@default". */
  extensions?: readonly string[];
  queues?: readonly string[];
  campaigns?: readonly string[];
}

/** Where the resolver counts what it could not map (a connector's stats line, a webhook's metrics). */
export interface UnmappedCounts {
  countUnknownAgent(key: string): void;
  countUnknownOutcome(status: string): void;
}

const OUTCOMES: readonly Outcome[] = ['sale', 'lead', 'callback', 'not_interested', 'do_not_call'];

/**
 * Resolves a dialer's names to the board's through the mapping. The order is the rule of
 * docs/connectors.md: an agent's extension wins (its row names agent, team and channel); else a campaign
 * row that names an agent (a robot line); else a campaign or queue row gives the team, and the agent is
 * unknown. Unknown agents are counted by the key that was tried, and resolved to the mapping's `unknown`
 * ids (or to null when the mapping says drop) — counted either way, never silently lost.
 */
export class Resolver {
  constructor(
    private readonly mapping: Mapping,
    private readonly stats: UnmappedCounts,
  ) {}

  /** The mapped agent for these extension keys alone, or undefined (no counting: a probe). */
  agentByExtension(keys: readonly string[]): Identity | undefined {
    for (const k of keys) {
      const hit = this.mapping.extensions.get(k);
      if (hit) return hit;
    }
    return undefined;
  }

  resolve(keys: IdentityKeys): Identity | null {
    const campaignKey = keys.campaigns?.find((k) => this.mapping.campaigns.has(k));
    const campaign = campaignKey === undefined ? undefined : this.mapping.campaigns.get(campaignKey);
    const campaignId = campaign?.campaignId ?? campaignKey;
    const agent = this.agentByExtension(keys.extensions ?? []);
    if (agent) return withCampaign(agent, agent.campaignId ?? campaignId);
    if (campaign?.agentId) return withCampaign({ ...campaign, agentId: campaign.agentId }, campaignId);
    const queue = keys.queues?.map((k) => this.mapping.queues.get(k)).find((r) => r !== undefined);
    const team = campaign ?? queue;
    const tried = keys.extensions?.[0] ?? keys.campaigns?.[0] ?? keys.queues?.[0] ?? '(no extension)';
    this.stats.countUnknownAgent(tried);
    if (this.mapping.unknown.drop) return null;
    const unknown = {
      agentId: this.mapping.unknown.agentId,
      teamId: team?.teamId ?? this.mapping.unknown.teamId,
      channel: team?.channel ?? 'human',
    } as Identity;
    return withCampaign(unknown, campaignId ?? team?.campaignId);
  }

  /** A dialer's disposition as a FloorPulse outcome: the mapping's table, else the name itself if it is one. */
  outcome(status: string): Outcome | undefined {
    const mapped = this.mapping.outcomes.get(status.toUpperCase());
    if (mapped) return mapped;
    const own = status.toLowerCase() as Outcome;
    if (OUTCOMES.includes(own)) return own;
    this.stats.countUnknownOutcome(status);
    return undefined;
  }

  /** A pause's state: the reason's row, else `break` (a pause is a break unless the mapping says otherwise). */
  pauseState(reason: string | undefined): AgentState {
    return (reason && this.mapping.pauseReasons.get(reason.toUpperCase())) || 'break';
  }
}

function withCampaign(identity: Identity, campaignId: string | undefined): Identity {
  const { campaignId: _drop, ...rest } = identity;
  // A campaign key longer than the contract's 64 characters is not sent as campaignId (the row can name one).
  return campaignId !== undefined && campaignId.length <= 64 ? { ...rest, campaignId } : rest;
}
