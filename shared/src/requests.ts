import { z } from 'zod';
import { wellFormedText } from './events.js';
import { COUNT_KEYS, type CountKey } from './metrics.js';
import { scopeSchema, windowSchema } from './rates.js';
import {
  type AlertActionRequest,
  type GoalsRequest,
  LEADERBOARD_METRICS,
  type LeaderboardRequest,
  type SubscribeRequest,
} from './socket.js';

/*
 * What clients send, validated at the edge: socket payloads and the HTTP bodies they share rules with.
 * One schema per request, so the socket and HTTP doors of the same action cannot drift apart.
 */

// Socket: subscriptions (docs/realtime.md, "Client → server").
export const subscribeSchema = z.object({ scope: scopeSchema, window: windowSchema }) satisfies z.ZodType<SubscribeRequest, unknown>;

export const leaderboardSchema = z.object({
  scope: z
    .string()
    .regex(/^(floor|team:[^\s]{1,64})$/, 'must be floor or team:<id>')
    .transform((s) => s as LeaderboardRequest['scope']),
  metric: z.enum(LEADERBOARD_METRICS).default('sales'),
});

export const goalsSubscribeSchema = z.object({ scope: scopeSchema.optional() }) satisfies z.ZodType<GoalsRequest, unknown>;

// Alerts: a supervisor's note, well-formed (a lone surrogate has no UTF-8 form, and ClickHouse would
// refuse the transition's row: shared/src/events.ts), and a snooze of a day at most: a longer silence is
// a rule change, not a snooze (docs/rules.md, "Alerts").
const alertNote = wellFormedText(500).optional();
const snoozeMinutes = z.number().int('must be a whole number').min(1).max(1440);
const alertId = z.string().min(1).max(200);

/** POST /api/v1/alerts/:id/ack and /resolve (the id is in the path). */
export const alertActionBodySchema = z.strictObject({ note: alertNote });
/** POST /api/v1/alerts/:id/snooze. */
export const alertSnoozeBodySchema = z.strictObject({ note: alertNote, minutes: snoozeMinutes });
/** alert:ack and alert:resolve over the socket. */
export const alertActionSchema = z.object({ id: alertId, note: alertNote }) satisfies z.ZodType<AlertActionRequest, unknown>;
/** alert:snooze over the socket. */
export const alertSnoozeSchema = z.object({ id: alertId, note: alertNote, minutes: snoozeMinutes });

/** A target on any count for an agent or a team over a day, week or month (docs/rules.md, "Goals"). */
export const goalSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,128}$/, 'must be letters, digits, _ . : -')
    .optional(),
  scope: z
    .string()
    .regex(/^(team|agent):[^\s]{1,64}$/, 'must be agent:<id> or team:<id>')
    .transform((s) => s as `team:${string}` | `agent:${string}`),
  metric: z.enum(COUNT_KEYS as unknown as [CountKey, ...CountKey[]]),
  period: z.enum(['day', 'week', 'month']),
  target: z.number().finite().positive('must be greater than 0'),
});
/** PUT /api/v1/goals: the whole set, replaced. */
export const goalSetSchema = z.strictObject({ goals: z.array(goalSchema).max(5000, 'must hold at most 5000 goals') });
