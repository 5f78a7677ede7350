import type { ClickHouseClient } from '@clickhouse/client';
import type { AgentState, StoredEvent } from '@floorpulse/shared';
import { NUMBER_SETTINGS } from '../storage/counts-sql.js';
import { TABLES } from '../storage/tables.js';

/** An agent's latest agent.state: what the agents table shows in its state column. */
export interface LatestState {
  teamId: string;
  state: AgentState;
  /** The dialer's reason (a pause code such as LUNCH), or ''. */
  reason: string;
  /** Event time of the state change, epoch ms: the time in state runs from it. */
  at: number;
}

/** The latest state of each agent since `from`, as the history agents table reads it (argMax over ts). */
export const LATEST_STATES_SQL = `SELECT agent_id, argMax(team_id, ts) AS team, argMax(state, ts) AS state,
  argMax(state_reason, ts) AS reason, toUnixTimestamp64Milli(max(ts)) AS at
FROM ${TABLES.events}
WHERE type = 'agent.state' AND ts >= fromUnixTimestamp64Milli({from:Int64})
GROUP BY agent_id`;

/**
 * Every agent's latest state, in memory: agent.state is not a count, so no rates window holds it. Seeded
 * from ClickHouse at start (a restart keeps the table's states), then kept by every stored batch (this
 * process's and its peers'). A late state older than the one held is ignored, as SQL's argMax would.
 */
export class AgentStates {
  private readonly latest = new Map<string, LatestState>();

  async seed(client: ClickHouseClient, fromMs: number): Promise<void> {
    const rs = await client.query({
      query: LATEST_STATES_SQL,
      query_params: { from: fromMs },
      format: 'JSONEachRow',
      clickhouse_settings: NUMBER_SETTINGS,
    });
    for (const r of await rs.json<{ agent_id: string; team: string; state: AgentState; reason: string; at: number }>()) {
      this.keep(r.agent_id, { teamId: r.team, state: r.state, reason: r.reason, at: Number(r.at) });
    }
  }

  /** A stored batch: the agents whose shown state changed. */
  note(batch: readonly StoredEvent[]): Set<string> {
    const changed = new Set<string>();
    for (const e of batch) {
      if (e.type !== 'agent.state') continue;
      if (this.keep(e.agentId, { teamId: e.teamId, state: e.state, reason: e.reason ?? '', at: e.ts })) changed.add(e.agentId);
    }
    return changed;
  }

  get(agentId: string): LatestState | undefined {
    return this.latest.get(agentId);
  }

  agentIds(): IterableIterator<string> {
    return this.latest.keys();
  }

  private keep(agentId: string, s: LatestState): boolean {
    const held = this.latest.get(agentId);
    if (held && held.at > s.at) return false;
    this.latest.set(agentId, s);
    return true;
  }
}
