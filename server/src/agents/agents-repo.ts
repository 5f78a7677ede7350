import type { ClickHouseClient } from '@clickhouse/client';
import { NUMBER_SETTINGS } from '../storage/counts-sql.js';
import { TABLES } from '../storage/tables.js';
import type { AgentRow } from './agent-directory.js';

/**
 * Every agent ever stored: the team of its latest event, the channel of its latest dial ('' when it
 * never dialled) and when it was last seen (the admin page's "not in the roster"). The agent directory
 * starts from this, so team boards, agent rules limited to teams and the channel fallback of ingest
 * know an agent after a restart, before its next event.
 */
export async function loadAgents(client: ClickHouseClient): Promise<AgentRow[]> {
  const rs = await client.query({
    query: `SELECT agent_id, argMax(team_id, ts) AS team, argMaxIf(channel, ts, type = 'call.dialed') AS channel,
              toUnixTimestamp64Milli(max(ts)) AS last_seen
            FROM ${TABLES.events} GROUP BY agent_id`,
    format: 'JSONCompactEachRow',
    clickhouse_settings: NUMBER_SETTINGS,
  });
  return (await rs.json<[string, string, string, number]>()).map(([agentId, teamId, channel, lastSeen]) => ({
    agentId,
    teamId,
    lastSeen: Number(lastSeen),
    ...(channel === 'human' || channel === 'robot' ? { channel } : {}),
  }));
}
