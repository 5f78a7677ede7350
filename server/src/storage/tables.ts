/** Table names, in one place. */
export const TABLES = {
  events: 'call_events',
  agentMinute: 'agent_minute',
  migrations: 'schema_migrations',
  alerts: 'alerts',
  ruleOverrides: 'rule_overrides',
  goals: 'goals',
  celebrations: 'celebrations',
  integrityMarks: 'integrity_marks',
} as const;
