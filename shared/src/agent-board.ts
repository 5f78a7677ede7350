import { z } from 'zod';
import type { AgentState } from './events.js';
import { type AgentRow, agentRowSchema, type RanSql, ranSql } from './history.js';
import { isoTime } from './time.js';

/**
 * The supervisors' agents table as one feed (docs/realtime.md, "Agents table"): one room per floor or
 * team carries every agent's row, today's numbers, state, its reason and since when. Not one room per
 * agent: a socket may be in 100 rooms (MAX_ROOMS_PER_SOCKET), a floor has 500 agents.
 */
/** The states the table's filter offers, in a supervisor's order of concern. */
export const AGENT_BOARD_STATES = ['break', 'wrap_up', 'available', 'on_call', 'offline'] as const satisfies readonly AgentState[];

export type AgentBoardScope = 'floor' | `team:${string}`;
export interface AgentBoardRequest {
  scope: AgentBoardScope;
}
export const agentBoardRequestSchema = z.object({
  scope: z
    .string()
    .regex(/^(floor|team:[^\s]{1,64})$/, 'must be floor or team:<id>')
    .transform((s) => s as AgentBoardScope),
});

/** The whole table, in the subscribe ack: every agent of the scope with an event or a state today. */
export interface AgentBoard {
  scope: AgentBoardScope;
  /** [from, to) of today's window the numbers count, ISO-8601. */
  from: string;
  to: string;
  rows: AgentRow[];
}
export const agentBoardSchema = z.object({
  scope: z.string().transform((s) => s as AgentBoardScope),
  from: isoTime,
  to: isoTime,
  rows: z.array(agentRowSchema),
}) satisfies z.ZodType<AgentBoard, unknown>;

/**
 * What changed since the room's last update: whole rows (so a screen that joined in between converges),
 * and the agents that left the scope (a new day, a move to another team). A new `from` is a new day.
 */
export interface AgentBoardDelta extends AgentBoard {
  removed: string[];
  /** The whole table, replacing what the screen holds (a recovered connection that missed deltas). */
  full?: boolean;
}

/** GET /api/v1/agents/:agentId/calls (supervisor): an agent's calls of the last 2 hours, newest first. */
export interface AgentCallFlag {
  rule: string;
  severity: string;
}
export interface AgentCall {
  callId: string;
  /** ISO-8601 time of the dial (or of the call's first event when no dial was stored). */
  at: string;
  /** Talk time of the ended call, s; null when it has not ended (or never connected). */
  talkSeconds: number | null;
  answered: boolean;
  /** The last call.outcome (sale, lead, …), or '' when none came. */
  outcome: string;
  flags: AgentCallFlag[];
  /** A recording link was sent on call.ended: open it through GET /api/v1/calls/:callId/recording. */
  hasRecording: boolean;
}
export interface AgentCallsAnswer extends RanSql {
  agentId: string;
  from: string;
  to: string;
  calls: AgentCall[];
}
export const agentCallsAnswerSchema = z.object({
  ...ranSql,
  agentId: z.string(),
  from: isoTime,
  to: isoTime,
  calls: z.array(
    z.object({
      callId: z.string(),
      at: isoTime,
      talkSeconds: z.number().nullable(),
      answered: z.boolean(),
      outcome: z.string(),
      flags: z.array(z.object({ rule: z.string(), severity: z.string() })),
      hasRecording: z.boolean(),
    }),
  ),
}) satisfies z.ZodType<AgentCallsAnswer>;
