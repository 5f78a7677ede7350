import type { Alert, AlertLevel, AlertSeverity, AlertStatus } from '@floorpulse/shared';

/** No alert with that id. HTTP → 404, socket ack → 'not found'. */
export class AlertNotFoundError extends Error {}
/** The transition is not allowed from the alert's status (e.g. ack a resolved alert). HTTP → 409. */
export class InvalidTransitionError extends Error {}

export interface AlertFilter {
  status?: AlertStatus | undefined;
  teamId?: string | undefined;
  agentId?: string | undefined;
  ruleId?: string | undefined;
  severity?: AlertSeverity | undefined;
  /** Viewers see only floor-level alerts. */
  levels?: readonly AlertLevel[] | undefined;
}

/**
 * The supervisor lifecycle of alerts, shared by HTTP and Socket.IO so both obey the same rules.
 * Every transition is stored in ClickHouse and published on the app's alerts$.
 */
export interface AlertActions {
  list(filter: AlertFilter): Promise<Alert[]>;
  get(id: string): Promise<Alert | undefined>;
  ack(id: string, by: string, note?: string): Promise<Alert>;
  resolve(id: string, by: string, note?: string): Promise<Alert>;
  snooze(id: string, by: string, minutes: number, note?: string): Promise<Alert>;
}
