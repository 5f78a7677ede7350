import type { ClickHouseClient } from '@clickhouse/client';
import { TABLES } from '../storage/tables.js';
import type { AgentRow } from './agent-directory.js';

/**
 * Every agent ever stored: the team of its latest event and the channel of its latest dial ('' when it
 * never dialled). The agent directory starts from this, so team boards, agent rules limited to teams
 * and the channel fallback of ingest know an agent after a restart, before its next event.
 */
export async function loadAgents(client: ClickHouseClient): Promise<AgentRow[]> {
  const rs = await client.query({
    query: `SELECT agent_id, argMax(team_id, ts) AS team, argMaxIf(channel, ts, type = 'call.dialed') AS channel
            FROM ${TABLES.events} GROUP BY agent_id`,
    format: 'JSONCompactEachRow',
  });
  return (await rs.json<[string, string, string]>()).map(([agentId, teamId, channel]) => ({
    agentId,
    teamId,
    ...(channel === 'human' || channel === 'robot' ? { channel } : {}),
  }));
}
