import type { Alert, Celebration } from './alerts.js';
import type { RatesSnapshot, Scope, WindowName } from './rates.js';
import type { Role } from './roles.js';
import type { MetricKey } from './metrics.js';

/** Errors a socket ack may carry: an allowlist, never a stack or an internal message. */
export const SAFE_ERRORS = ['invalid request', 'forbidden', 'not found', 'unavailable', 'invalid transition'] as const;
export type SafeError = (typeof SAFE_ERRORS)[number];
export type Ack<T> = { ok: true; data: T } | { ok: false; error: SafeError };

export interface LeaderboardEntry {
  agentId: string;
  teamId: string;
  value: number | null;
  sales: number;
  effective: number;
}
export interface Leaderboard {
  /** 'floor' or team:<id> */
  scope: Scope;
  metric: MetricKey;
  from: string;
  to: string;
  entries: LeaderboardEntry[];
}

export interface GoalProgress {
  goalId: string;
  scope: Scope;
  metric: MetricKey;
  period: 'day' | 'week' | 'month';
  from: string;
  to: string;
  value: number;
  target: number;
  met: boolean;
}

export interface ServerToClientEvents {
  'rates:update': (snapshot: RatesSnapshot) => void;
  'leaderboard:update': (board: Leaderboard) => void;
  'goals:update': (progress: GoalProgress[]) => void;
  'alert:new': (alert: Alert) => void;
  'alert:update': (alert: Alert) => void;
  celebration: (celebration: Celebration) => void;
}

export interface SubscribeRequest { scope: Scope; window: WindowName }
export interface AlertActionRequest { id: string; note?: string; minutes?: number }

export interface ClientToServerEvents {
  subscribe: (req: SubscribeRequest, ack: (res: Ack<RatesSnapshot>) => void) => void;
  unsubscribe: (req: SubscribeRequest, ack?: (res: Ack<null>) => void) => void;
  'alert:ack': (req: AlertActionRequest, ack: (res: Ack<Alert>) => void) => void;
  'alert:resolve': (req: AlertActionRequest, ack: (res: Ack<Alert>) => void) => void;
  'alert:snooze': (req: AlertActionRequest, ack: (res: Ack<Alert>) => void) => void;
}

export interface SocketData { role: Role; user: string }
