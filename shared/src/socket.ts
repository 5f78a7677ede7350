import type { AgentBoard, AgentBoardDelta, AgentBoardRequest } from './agent-board.js';
import type { AlertBulkAnswer, AlertBulkRequest } from './alert-bulk.js';
import type { Alert, Celebration } from './alerts.js';
import type { ContestBoard, ContestsRequest } from './contests.js';
import type { AgentState } from './events.js';
import type { GoalProgress } from './goals.js';
import type { HelpAnswer, MeAnswer } from './me.js';
import type { MetricKey } from './metrics.js';
import type { RosterChange } from './people.js';
import type { RatesSnapshot, Scope, WindowName } from './rates.js';
import type { Refusal, Role, ScopeLimits } from './roles.js';

/** Errors a socket ack may carry: an allowlist, never a stack or an internal message. */
/** `forbidden`: the role may not; `not yours to see`: the role may, but not this scope (a display's, an agent's own). */
export const SAFE_ERRORS = [
  'invalid request',
  'forbidden',
  'not yours to see',
  'not found',
  'unavailable',
  'invalid transition',
  'too many subscriptions',
] as const;
export type SafeError = (typeof SAFE_ERRORS)[number];
export type Ack<T> = { ok: true; data: T } | { ok: false; error: SafeError };

export interface LeaderboardEntry {
  agentId: string;
  teamId: string;
  value: number | null;
  sales: number;
  effective: number;
  /** Today's points (docs/metrics.md, "Points"), when the server keeps them. */
  points?: number | undefined;
}
export interface Leaderboard {
  /** 'floor' or team:<id> */
  scope: Scope;
  /** A count or rate, `kpi`: today's weighted KPI score, 0–100 (docs/metrics.md, "Weighted scores"), or `points`: today's points. */
  metric: MetricKey | 'kpi' | 'points';
  from: string;
  to: string;
  entries: LeaderboardEntry[];
}

/** An agent's latest state (agent.state events), for the supervisors' agents table. */
export interface AgentStateUpdate {
  agentId: string;
  teamId: string;
  state: AgentState;
  /** The dialer's reason for it (a pause code), or '' (docs/metrics.md, "Agent state"). */
  reason: string;
  /** ISO-8601 event time of the state change */
  at: string;
}

export interface ServerToClientEvents {
  'agent:state': (update: AgentStateUpdate) => void;
  'rates:update': (snapshot: RatesSnapshot) => void;
  'leaderboard:update': (board: Leaderboard) => void;
  'goals:update': (progress: GoalProgress[]) => void;
  'alert:new': (alert: Alert) => void;
  'alert:update': (alert: Alert) => void;
  /** To the alert's team's supervisors and the floor managers: nobody acknowledged it in time (docs/rules.md, "Escalation"). */
  'alert:escalated': (alert: Alert) => void;
  celebration: (celebration: Celebration) => void;
  /** An agent's own screen (/me): their day, to their socket only (docs/people.md, "The agent's page"). */
  'me:update': (me: MeAnswer) => void;
  /** An agent's help request as it changes: sent, acknowledged (who is coming, their note), resolved. */
  'me:help': (help: HelpAnswer) => void;
  /**
   * This socket's credential stopped being good while it was connected (a display link revoked, a
   * session signed out, a user disabled): sent once, then the server closes the socket. The screen
   * says so (docs/people.md) rather than going STALE and reconnecting into a refusal.
   */
  'access:refused': (r: { refusal: Refusal }) => void;
  /** Agents and teams an admin changed: every screen renames them at once (docs/people.md, "Roster"). */
  'roster:update': (change: RosterChange) => void;
  /** The supervisors' agents table: the rows that changed in a subscribed floor or team (agent-board.ts). */
  'agents:delta': (delta: AgentBoardDelta) => void;
  /** The contests on the walls, live: running, starting within the hour, decided in the last 10 minutes (docs/rules.md, "Contests"). */
  'contests:update': (boards: ContestBoard[]) => void;
}

export interface SubscribeRequest {
  scope: Scope;
  window: WindowName;
}
export interface AlertActionRequest {
  id: string;
  note?: string;
  minutes?: number;
}

/**
 * Metrics a leaderboard may rank by: outcomes and quality rates, never raw dial volume (boards that
 * rank volume reward speed over quality: docs/metrics.md, "The floor"). `points`: today's points ledger.
 */
export const LEADERBOARD_METRICS = ['sales', 'effective', 'leads', 'effectiveRate', 'conversionRate', 'kpi', 'points'] as const;
export type LeaderboardMetric = (typeof LEADERBOARD_METRICS)[number];
/** The floor's or one team's board, today; `metric` defaults to sales. */
export interface LeaderboardRequest {
  scope: 'floor' | `team:${string}`;
  metric?: LeaderboardMetric;
}
/** Goal progress of one scope, or of every goal when scope is absent. */
export interface GoalsRequest {
  scope?: Scope;
}

/**
 * The handshake `auth` of a screen. `lastCelebrationId`: the last celebration it showed, so a
 * reconnect the server could not recover replays only what came after it (never one twice).
 */
export interface SocketAuth {
  /** A machine token or a display link's secret; a signed-in person's page sends none (its cookie is the session). */
  token?: string;
  lastCelebrationId?: string;
}

export interface ClientToServerEvents {
  subscribe: (req: SubscribeRequest, ack: (res: Ack<RatesSnapshot>) => void) => void;
  unsubscribe: (req: SubscribeRequest, ack?: (res: Ack<null>) => void) => void;
  'alert:ack': (req: AlertActionRequest, ack: (res: Ack<Alert>) => void) => void;
  'alert:resolve': (req: AlertActionRequest, ack: (res: Ack<Alert>) => void) => void;
  'alert:snooze': (req: AlertActionRequest, ack: (res: Ack<Alert>) => void) => void;
  /** Ack or resolve every alert matching a filter, each its own transition (alert-bulk.ts). */
  'alert:bulk': (req: AlertBulkRequest, ack: (res: Ack<AlertBulkAnswer>) => void) => void;
  'leaderboard:subscribe': (req: LeaderboardRequest, ack: (res: Ack<Leaderboard>) => void) => void;
  'leaderboard:unsubscribe': (req: LeaderboardRequest, ack?: (res: Ack<null>) => void) => void;
  'goals:subscribe': (req: GoalsRequest, ack: (res: Ack<GoalProgress[]>) => void) => void;
  'goals:unsubscribe': (req: GoalsRequest, ack?: (res: Ack<null>) => void) => void;
  /** The agents table of the floor or a team, supervisors only: the ack is the whole table, deltas follow. */
  'agents:subscribe': (req: AgentBoardRequest, ack: (res: Ack<AgentBoard>) => void) => void;
  'agents:unsubscribe': (req: AgentBoardRequest, ack?: (res: Ack<null>) => void) => void;
  'contests:subscribe': (req: ContestsRequest, ack: (res: Ack<ContestBoard[]>) => void) => void;
  'contests:unsubscribe': (req: ContestsRequest, ack?: (res: Ack<null>) => void) => void;
}

/**
 * Who a socket is, kept for its handlers (plain data: it crosses processes with the Redis adapter).
 * `by`: who acted, for audit trails (a person's login, else a token's role or `display:<id>`).
 */
export interface SocketData {
  role: Role;
  by: string;
  /** A person's or a display's name, for screens ("王主管 is coming"). */
  name: string;
  /** Null: the whole floor. */
  limits: ScopeLimits | null;
  /** A signed-in person: their login, the teams a supervisor looks after, the roster agent an agent is. */
  login?: string | undefined;
  teams?: string[] | undefined;
  agentId?: string | undefined;
  displayId?: string | undefined;
}
