import { z } from 'zod';
import {
  LEADERBOARD_METRICS, scopeSchema, wellFormedText, windowSchema,
  type AlertActionRequest, type GoalsRequest, type LeaderboardRequest, type SubscribeRequest,
} from '@floorpulse/shared';

/** Socket payloads are validated at the edge, like HTTP bodies. */
export const subscribeSchema = z.object({ scope: scopeSchema, window: windowSchema }) satisfies z.ZodType<SubscribeRequest, unknown>;

export const leaderboardSchema = z.object({
  scope: z.string().regex(/^(floor|team:[^\s]{1,64})$/, 'must be floor or team:<id>').transform((s) => s as LeaderboardRequest['scope']),
  metric: z.enum(LEADERBOARD_METRICS).default('sales'),
});

export const goalsSchema = z.object({ scope: scopeSchema.optional() }) satisfies z.ZodType<GoalsRequest, unknown>;

const alertId = z.string().min(1).max(200);
// The same bounds as the HTTP alert routes: one set of rules for both doors.
const note = wellFormedText(500).optional();
export const alertActionSchema = z.object({ id: alertId, note }) satisfies z.ZodType<AlertActionRequest, unknown>;
/** 1 min to 24 h: a snooze longer than a shift hides a problem rather than pausing it. */
export const snoozeSchema = z.object({ id: alertId, note, minutes: z.number().int().min(1).max(24 * 60) });
