import type { ClickHouseClient } from '@clickhouse/client';
import type { PersonRole, User } from '@floorpulse/shared';
import { TABLES } from '../storage/tables.js';

/** A user as stored: the row without its audit fields, with the password hash ('' when none is set). */
export interface StoredUser extends User {
  passwordHash: string;
}

interface UserRow {
  login: string;
  name: string;
  role: PersonRole;
  teams: string[];
  agent_id: string;
  active: boolean;
  password_hash: string;
}

/** Every user's latest row: the current users (a few hundred on a floor; read whole at start and on refresh). */
export async function loadUsers(client: ClickHouseClient): Promise<StoredUser[]> {
  const rs = await client.query({
    query: `SELECT login, argMax(name, at) AS name, argMax(role, at) AS role, argMax(teams, at) AS teams,
              argMax(agent_id, at) AS agent_id, argMax(active, at) AS active, argMax(password_hash, at) AS password_hash
            FROM ${TABLES.users} GROUP BY login ORDER BY login`,
    format: 'JSONEachRow',
  });
  return (await rs.json<UserRow>()).map((r) => ({
    login: r.login,
    name: r.name,
    role: r.role,
    teams: r.teams,
    active: r.active,
    passwordHash: r.password_hash,
    ...(r.agent_id ? { agentId: r.agent_id } : {}),
  }));
}

/** One change of a user, kept with its time and author. */
export async function insertUser(client: ClickHouseClient, u: StoredUser, at: number, by: string): Promise<void> {
  await client.insert({
    table: TABLES.users,
    values: [
      {
        login: u.login,
        name: u.name,
        role: u.role,
        teams: u.teams,
        agent_id: u.agentId ?? '',
        active: u.active,
        password_hash: u.passwordHash,
        at,
        by,
      },
    ],
    format: 'JSONEachRow',
  });
}

export async function loadRevocations(client: ClickHouseClient, now: number): Promise<string[]> {
  const rs = await client.query({
    query: `SELECT DISTINCT session_id FROM ${TABLES.sessionRevocations} WHERE expires_at > fromUnixTimestamp64Milli({now:Int64})`,
    query_params: { now },
    format: 'JSONCompactEachRow',
  });
  return (await rs.json<[string]>()).map((r) => r[0]);
}

export async function insertRevocation(
  client: ClickHouseClient,
  r: { sessionId: string; expiresAt: number; at: number; by: string },
): Promise<void> {
  await client.insert({
    table: TABLES.sessionRevocations,
    values: [{ session_id: r.sessionId, expires_at: r.expiresAt, at: r.at, by: r.by }],
    format: 'JSONEachRow',
  });
}
