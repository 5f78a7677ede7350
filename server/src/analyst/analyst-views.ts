import type { ClickHouseClient } from '@clickhouse/client';
import { TABLES } from '../storage/tables.js';

/**
 * What an analyst (the SQL box, Grafana) may read: one view per table, under the table's own name, in
 * analyst_<database>, with exactly these columns. A column not listed is not in the view, so it cannot
 * be selected, described or guessed at. Every column of these tables must be listed here or in
 * PRIVATE_COLUMNS (tests/integration/analyst-views.test.ts): a new column is private until someone decides.
 */
export const ANALYST_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  [TABLES.events]: [
    'id',
    'type',
    'ts',
    'team_id',
    'agent_id',
    'campaign_id',
    'call_id',
    'channel',
    // An id of a robot call: no person in it.
    'lead_call_id',
    'consent_expires_at',
    'answered',
    'answered_by',
    'talk_seconds',
    'hangup_by',
    'abandoned',
    'abandon_reported',
    'outcome',
    'amount',
    'rule',
    'severity',
    'state',
    'state_reason',
    'message',
    // Scores of a call, no person in them.
    'satisfaction',
    'qa_script',
    'qa_discovery',
    'qa_attitude',
    'derived',
    'received_at',
  ],
  [TABLES.agentMinute]: [
    'minute',
    'team_id',
    'agent_id',
    'channel',
    'dialed',
    'answered',
    'ended',
    'early_hangups',
    'effective',
    'sales',
    'leads',
    'violation_flags',
    'reminders',
    'complaints',
    'talk_seconds',
  ],
  [TABLES.alerts]: [
    'id',
    'seq',
    'at',
    'transition',
    'by',
    'status',
    'rule_id',
    'level',
    'severity',
    'team_id',
    'agent_id',
    'title',
    'note',
    'opened_at',
    'snoozed_until',
    'evidence',
    'state',
  ],
  [TABLES.celebrations]: ['id', 'at', 'kind', 'rule_id', 'team_id', 'agent_id', 'title', 'detail'],
  [TABLES.goals]: ['version', 'by', 'id', 'scope', 'metric', 'period', 'target'],
  // The scores' weights and the stars of the week: no phone, names are in roster_agents.
  [TABLES.scoreWeights]: ['version', 'by', 'at', 'score', 'part', 'weight'],
  [TABLES.starsOfWeek]: ['week_start', 'agent_id', 'team_id', 'score', 'dialed', 'sales', 'announced_at'],
  [TABLES.ruleOverrides]: ['rule_id', 'at', 'by', 'rule'],
  // Names for reports: who was on which team when.
  [TABLES.rosterAgents]: ['id', 'name', 'team_id', 'channel', 'supervisor', 'active', 'at', 'by'],
  [TABLES.rosterTeams]: ['id', 'name', 'time_zone', 'supervisors', 'shift_end', 'at', 'by'],
  // The floor's zone, for Grafana's day buckets (floor-settings.ts).
  [TABLES.floorSettings]: ['name', 'value', 'updated_at'],
  // Contests and their results (docs/rules.md, "Contests"): names, windows, team and agent ids, who started one.
  [TABLES.contests]: [
    'id',
    'version',
    'name',
    'kind',
    'metric',
    'from_ts',
    'to_ts',
    'target',
    'participants',
    'created_by',
    'created_at',
    'cancelled_at',
    'cancelled_by',
  ],
  [TABLES.contestResults]: ['contest_id', 'decided_at', 'closed_at', 'winners', 'standings'],
  // Points (docs/metrics.md, "Points"): ids, a call id or a day, and numbers; no person's contact in them.
  [TABLES.pointsRules]: ['key', 'points', 'updated_at', 'updated_by'],
  [TABLES.pointsLedger]: ['id', 'at', 'agent_id', 'team_id', 'rule', 'points', 'ref'],
  // Pre-dial checks per minute and team (docs/metrics.md, "Dials stopped by the pre-dial check"): no phone, no agent.
  [TABLES.dialCheckCounts]: ['minute', 'team_id', 'result', 'reason', 'checks'],
};

/**
 * Columns no analyst reads, with the reason. phone_hash: keyed, but a hash of an 11-digit number can be
 * brute-forced by whoever has the key, and it links calls to a person (the regulation: personal information).
 */
export const PRIVATE_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  // recording_url: a dialer's link may carry its own access token; supervisors open it through FloorPulse.
  [TABLES.events]: ['phone_hash', 'recording_url'],
};

/** Tables with no view at all: FloorPulse's bookkeeping, and what could sign someone in (password hashes, sessions, display secrets). */
export const PRIVATE_TABLES: readonly string[] = [
  TABLES.migrations,
  TABLES.integrityMarks,
  TABLES.users,
  TABLES.sessionRevocations,
  TABLES.displayLinks,
];

const ident = (name: string) => `\`${name}\``;

/**
 * (Re)creates the analysts' views at every start, after the migrations. SQL SECURITY DEFINER: a view
 * reads its table as FloorPulse's own user, so the analyst needs (and has) no grant on the tables.
 * Names are constants of this file and validated database names (config), never input.
 */
export async function createAnalystViews(client: ClickHouseClient, database: string, analystDatabase: string): Promise<void> {
  for (const [table, columns] of Object.entries(ANALYST_COLUMNS)) {
    await client.command({
      query: `CREATE OR REPLACE VIEW ${ident(analystDatabase)}.${ident(table)} DEFINER = CURRENT_USER SQL SECURITY DEFINER AS
              SELECT ${columns.map(ident).join(', ')} FROM ${ident(database)}.${ident(table)}`,
    });
  }
}
