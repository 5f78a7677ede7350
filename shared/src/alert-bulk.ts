import { z } from 'zod';
import type { AlertSeverity, AlertStatus } from './alerts.js';
import { wellFormedText } from './events.js';

/*
 * Bulk actions on alerts (docs/rules.md, "Bulk actions"): ack or resolve everything matching a filter
 * with one note. The server runs each alert's own transition, so every alert records who acted and
 * when, as if done one by one. Over HTTP (POST /api/v1/alerts/bulk) and the socket (alert:bulk).
 */

export type BulkAction = 'ack' | 'resolve';

/** Which alerts: every field given must match; none given is every alert the action applies to. */
export interface AlertBulkFilter {
  status?: Exclude<AlertStatus, 'resolved'> | undefined;
  teamId?: string | undefined;
  agentId?: string | undefined;
  ruleId?: string | undefined;
  severity?: AlertSeverity | undefined;
}

export interface AlertBulkRequest {
  action: BulkAction;
  filter: AlertBulkFilter;
  note?: string | undefined;
}

const id = z.string().min(1).max(200);
export const alertBulkRequestSchema = z.strictObject({
  action: z.enum(['ack', 'resolve']),
  filter: z.strictObject({
    status: z.enum(['open', 'acknowledged', 'snoozed']).optional(),
    teamId: id.optional(),
    agentId: id.optional(),
    ruleId: id.optional(),
    severity: z.enum(['info', 'warning', 'critical']).optional(),
  }),
  note: wellFormedText(500).optional(),
}) satisfies z.ZodType<AlertBulkRequest, unknown>;

/** What a bulk action did: the alerts it changed, and those that changed under it (someone else acted first). */
export interface AlertBulkAnswer {
  action: BulkAction;
  /** Alerts matching the filter that the action applies to (ack: open or snoozed; resolve: not resolved). */
  matched: number;
  changed: string[];
  skipped: { id: string; reason: 'invalid transition' | 'not found' }[];
}
export const alertBulkAnswerSchema = z.object({
  action: z.enum(['ack', 'resolve']),
  matched: z.number().int().min(0),
  changed: z.array(z.string()),
  skipped: z.array(z.object({ id: z.string(), reason: z.enum(['invalid transition', 'not found']) })),
}) satisfies z.ZodType<AlertBulkAnswer>;
