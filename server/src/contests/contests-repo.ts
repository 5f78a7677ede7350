import type { ClickHouseClient } from '@clickhouse/client';
import type { Contest, ContestParticipant, ContestResult, ContestStanding } from '@floorpulse/shared';
import { NUMBER_SETTINGS } from '../storage/counts-sql.js';
import { TABLES } from '../storage/tables.js';

const iso = (ms: number): string => new Date(ms).toISOString();

/** Writes a version of a contest (a new one, or its cancellation). */
export async function insertContest(client: ClickHouseClient, c: Contest, version: number): Promise<void> {
  await client.insert({
    table: TABLES.contests,
    format: 'JSONEachRow',
    values: [
      {
        id: c.id,
        version,
        name: c.name,
        kind: c.kind,
        metric: c.metric,
        from_ts: Date.parse(c.from),
        to_ts: Date.parse(c.to),
        target: c.target ?? null,
        participants: c.participants,
        created_by: c.createdBy,
        created_at: Date.parse(c.createdAt),
        cancelled_at: c.cancelledAt ? Date.parse(c.cancelledAt) : null,
        cancelled_by: c.cancelledBy ?? '',
      },
    ],
  });
}

interface ContestRow {
  id: string;
  version: number;
  name: string;
  kind: Contest['kind'];
  metric: Contest['metric'];
  fromMs: number;
  toMs: number;
  target: number | null;
  participants: ContestParticipant[];
  created_by: string;
  createdMs: number;
  cancelledMs: number | null;
  cancelled_by: string;
}

/** Every contest at its latest version, newest window first, with the version (a cancellation writes the next). */
export async function loadContests(client: ClickHouseClient): Promise<{ contest: Contest; version: number }[]> {
  const rs = await client.query({
    query: `SELECT id, version, name, kind, metric, toUnixTimestamp64Milli(from_ts) AS fromMs, toUnixTimestamp64Milli(to_ts) AS toMs,
                   target, participants, created_by, toUnixTimestamp64Milli(created_at) AS createdMs,
                   toUnixTimestamp64Milli(cancelled_at) AS cancelledMs, cancelled_by
            FROM ${TABLES.contests} FINAL ORDER BY from_ts DESC, id`,
    format: 'JSONEachRow',
    clickhouse_settings: NUMBER_SETTINGS,
  });
  return (await rs.json<ContestRow>()).map((r) => ({
    version: Number(r.version),
    contest: {
      id: r.id,
      name: r.name,
      kind: r.kind,
      metric: r.metric,
      from: iso(Number(r.fromMs)),
      to: iso(Number(r.toMs)),
      ...(r.target !== null ? { target: Number(r.target) } : {}),
      participants: r.participants,
      createdBy: r.created_by,
      createdAt: iso(Number(r.createdMs)),
      ...(r.cancelledMs !== null ? { cancelledAt: iso(Number(r.cancelledMs)), cancelledBy: r.cancelled_by } : {}),
    },
  }));
}

export async function insertResult(client: ClickHouseClient, contestId: string, r: ContestResult): Promise<void> {
  await client.insert({
    table: TABLES.contestResults,
    format: 'JSONEachRow',
    values: [
      {
        contest_id: contestId,
        decided_at: Date.parse(r.decidedAt),
        closed_at: Date.parse(r.closedAt),
        winners: r.winners,
        standings: JSON.stringify(r.standings),
      },
    ],
  });
}

/** Stored results by contest id: a decided contest is never decided (nor announced) again. */
export async function loadResults(client: ClickHouseClient): Promise<Map<string, ContestResult>> {
  const rs = await client.query({
    query: `SELECT contest_id, toUnixTimestamp64Milli(decided_at) AS decidedMs, toUnixTimestamp64Milli(closed_at) AS closedMs, winners, standings
            FROM ${TABLES.contestResults} FINAL`,
    format: 'JSONEachRow',
    clickhouse_settings: NUMBER_SETTINGS,
  });
  const rows = await rs.json<{
    contest_id: string;
    decidedMs: number;
    closedMs: number;
    winners: ContestParticipant[];
    standings: string;
  }>();
  return new Map(
    rows.map((r) => [
      r.contest_id,
      {
        decidedAt: iso(Number(r.decidedMs)),
        closedAt: iso(Number(r.closedMs)),
        winners: r.winners,
        standings: JSON.parse(r.standings) as ContestStanding[],
      },
    ]),
  );
}
