import type { ClickHouseClient } from '@clickhouse/client';
import type { Alert } from '@floorpulse/shared';
import { NUMBER_SETTINGS } from '../storage/counts-sql.js';
import { TABLES } from '../storage/tables.js';

/**
 * 'join': another occurrence joined a grouped alert (alert-groups.ts); 'escalate': nobody acknowledged it
 * in time (alert-escalation.ts). Each row holds the alert after it.
 */
export type AlertTransition = 'open' | 'join' | 'escalate' | 'ack' | 'snooze' | 'unsnooze' | 'resolve';

/** One transition row: the alert as it is after the transition. */
export async function insertAlertTransition(
  client: ClickHouseClient,
  alert: Alert,
  seq: number,
  transition: AlertTransition,
  by: string,
): Promise<void> {
  await client.insert({
    table: TABLES.alerts,
    format: 'JSONEachRow',
    values: [
      {
        id: alert.id,
        seq,
        at: Date.parse(alert.updatedAt),
        transition,
        by,
        status: alert.status,
        rule_id: alert.ruleId,
        level: alert.level,
        severity: alert.severity,
        team_id: alert.teamId ?? '',
        agent_id: alert.agentId ?? '',
        title: alert.title,
        note: alert.note ?? '',
        opened_at: Date.parse(alert.openedAt),
        snoozed_until: alert.snoozedUntil ? Date.parse(alert.snoozedUntil) : null,
        evidence: JSON.stringify(alert.evidence),
        state: JSON.stringify(alert),
      },
    ],
  });
}

/** The latest state and seq of every alert opened since `sinceMs` (the live list is rebuilt from these at start). */
export async function loadAlerts(client: ClickHouseClient, sinceMs: number): Promise<{ alert: Alert; seq: number }[]> {
  const rs = await client.query({
    query: `SELECT argMax(state, seq) AS last_state, max(seq) AS last_seq FROM ${TABLES.alerts}
            WHERE opened_at >= fromUnixTimestamp64Milli({since:Int64}) GROUP BY id`,
    query_params: { since: sinceMs },
    format: 'JSONEachRow',
    clickhouse_settings: NUMBER_SETTINGS,
  });
  return (await rs.json<{ last_state: string; last_seq: number }>()).map((r) => ({
    alert: JSON.parse(r.last_state) as Alert,
    seq: Number(r.last_seq),
  }));
}
