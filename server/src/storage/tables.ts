/** Table names, in one place. */
export const TABLES = {
  events: 'call_events',
  agentMinute: 'agent_minute',
  migrations: 'schema_migrations',
  alerts: 'alerts',
  ruleOverrides: 'rule_overrides',
  goals: 'goals',
  scoreWeights: 'score_weights',
  starsOfWeek: 'stars_of_week',
  celebrations: 'celebrations',
  integrityMarks: 'integrity_marks',
  rosterAgents: 'roster_agents',
  rosterTeams: 'roster_teams',
  users: 'users',
  sessionRevocations: 'session_revocations',
  displayLinks: 'display_links',
  floorSettings: 'floor_settings',
  contests: 'contests',
  contestResults: 'contest_results',
  // Points (server/src/points/).
  pointsRules: 'points_rules',
  pointsLedger: 'points_ledger',
  // Pre-dial checks counted per minute (server/src/compliance/check-counts.ts).
  dialCheckCounts: 'dial_check_counts',
} as const;
