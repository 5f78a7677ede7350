import type { ClickHouseClient } from '@clickhouse/client';
import type { RosterAgent, RosterAgentVersion, RosterTeam } from '@floorpulse/shared';
import { NUMBER_SETTINGS } from '../storage/counts-sql.js';
import { TABLES } from '../storage/tables.js';

/** A roster entry as stored: the entry and the time of its latest version (a new one is written after it). */
export interface Versioned<T> {
  value: T;
  at: number;
}

interface AgentRow {
  id: string;
  name: string;
  team_id: string;
  channel: string;
  supervisor: string;
  active: boolean;
  last_at: number;
}

const agentOf = (r: AgentRow): RosterAgent => ({
  id: r.id,
  name: r.name,
  teamId: r.team_id,
  // Written only through the roster's schema: anything but robot is a person.
  channel: r.channel === 'robot' ? 'robot' : 'human',
  ...(r.supervisor ? { supervisor: r.supervisor } : {}),
  active: r.active,
});

interface TeamRow {
  id: string;
  name: string;
  time_zone: string;
  supervisors: string[];
  shift_end: string;
  last_at: number;
}

/**
 * Every agent's latest version. Each change is a row (migration 0010): the current roster is the row of
 * the highest `at` per id, and the rows before it are who was on which team when (docs/people.md, "Roster").
 */
export async function loadRosterAgents(client: ClickHouseClient): Promise<Versioned<RosterAgent>[]> {
  const rs = await client.query({
    query: `SELECT id, argMax(name, at) AS name, argMax(team_id, at) AS team_id, argMax(channel, at) AS channel,
              argMax(supervisor, at) AS supervisor, argMax(active, at) AS active, toUnixTimestamp64Milli(max(at)) AS last_at
            FROM ${TABLES.rosterAgents} GROUP BY id ORDER BY id`,
    format: 'JSONEachRow',
    clickhouse_settings: NUMBER_SETTINGS,
  });
  return (await rs.json<AgentRow>()).map((r) => ({ value: agentOf(r), at: Number(r.last_at) }));
}

/** Every version of one agent, oldest first: who was on which team when, and who changed it. */
export async function loadAgentVersions(client: ClickHouseClient, id: string): Promise<RosterAgentVersion[]> {
  const rs = await client.query({
    query: `SELECT id, name, team_id, channel, supervisor, active, toUnixTimestamp64Milli(at) AS last_at, by
            FROM ${TABLES.rosterAgents} WHERE id = {id:String} ORDER BY at`,
    query_params: { id },
    format: 'JSONEachRow',
    clickhouse_settings: NUMBER_SETTINGS,
  });
  return (await rs.json<AgentRow & { by: string }>()).map((r) => ({
    ...agentOf(r),
    at: new Date(Number(r.last_at)).toISOString(),
    by: r.by,
  }));
}

export async function loadRosterTeams(client: ClickHouseClient): Promise<Versioned<RosterTeam>[]> {
  const rs = await client.query({
    query: `SELECT id, argMax(name, at) AS name, argMax(time_zone, at) AS time_zone, argMax(supervisors, at) AS supervisors,
              argMax(shift_end, at) AS shift_end, toUnixTimestamp64Milli(max(at)) AS last_at
            FROM ${TABLES.rosterTeams} GROUP BY id ORDER BY id`,
    format: 'JSONEachRow',
    clickhouse_settings: NUMBER_SETTINGS,
  });
  return (await rs.json<TeamRow>()).map((r) => ({
    value: { id: r.id, name: r.name, timeZone: r.time_zone, supervisors: r.supervisors, ...(r.shift_end ? { shiftEnd: r.shift_end } : {}) },
    at: Number(r.last_at),
  }));
}

/** New versions of agents, one insert, each with its time and its author (a person's login, or a token's role). */
export async function insertRosterAgents(client: ClickHouseClient, rows: Versioned<RosterAgent>[], by: string): Promise<void> {
  if (!rows.length) return;
  await client.insert({
    table: TABLES.rosterAgents,
    format: 'JSONEachRow',
    values: rows.map(({ value: a, at }) => ({
      id: a.id,
      name: a.name,
      team_id: a.teamId,
      channel: a.channel,
      supervisor: a.supervisor ?? '',
      active: a.active,
      at,
      by,
    })),
  });
}

export async function insertRosterTeams(client: ClickHouseClient, rows: Versioned<RosterTeam>[], by: string): Promise<void> {
  if (!rows.length) return;
  await client.insert({
    table: TABLES.rosterTeams,
    format: 'JSONEachRow',
    values: rows.map(({ value: t, at }) => ({
      id: t.id,
      name: t.name,
      time_zone: t.timeZone,
      supervisors: t.supervisors,
      shift_end: t.shiftEnd ?? '',
      at,
      by,
    })),
  });
}
