import { z } from 'zod';
import { type MetricKey, metricKeySchema } from './metrics.js';
import { isoTime } from './time.js';

export type AlertStatus = 'open' | 'acknowledged' | 'snoozed' | 'resolved';
export type AlertSeverity = 'info' | 'warning' | 'critical';
export type AlertLevel = 'floor' | 'team' | 'agent';

/** What made an alert fire: the numbers, the rule, and the calls where they exist. */
export interface AlertEvidence {
  metric?: MetricKey | undefined;
  value?: number | null | undefined;
  threshold?: number | undefined;
  sample?: number | undefined;
  window?: { from: string; to: string } | undefined;
  callIds?: string[] | undefined;
  rule?: string | undefined;
  message?: string | undefined;
  /**
   * Grouped event alerts (docs/rules.md, "Grouped alerts"): how many occurrences joined this alert,
   * 1 for the first; `window` then runs from the first occurrence's own time to the latest's.
   */
  count?: number | undefined;
}

/**
 * A default rule's text as data: the rule id and the values filled into its message, so a screen
 * words it in its own language (zh-CN floors). Only sent while an admin has not reworded the rule;
 * then `title`/`detail` (the server's English) are the text.
 */
export interface Wording {
  rule: string;
  vars: Record<string, string | number>;
}

export interface Alert {
  /** Stable: the same trigger always has the same id. */
  id: string;
  ruleId: string;
  level: AlertLevel;
  severity: AlertSeverity;
  teamId?: string | undefined;
  agentId?: string | undefined;
  title: string;
  status: AlertStatus;
  openedAt: string;
  updatedAt: string;
  /** Who acknowledged it: a person's login (a token's role for a script). */
  acknowledgedBy?: string | undefined;
  /** That person's name when they acknowledged it (王主管), for screens: people first, not logins. */
  acknowledgedByName?: string | undefined;
  acknowledgedAt?: string | undefined;
  note?: string | undefined;
  snoozedUntil?: string | undefined;
  resolvedAt?: string | undefined;
  /** Not acknowledged in time (the rule's escalateAfterSeconds): it went to the team's supervisors and the floor managers. */
  escalatedAt?: string | undefined;
  evidence: AlertEvidence;
  wording?: Wording | undefined;
}

export type CelebrationKind = 'sale' | 'achievement' | 'milestone' | 'streak' | 'goal' | 'contest' | 'star';
export interface Celebration {
  /** Stable per trigger: a screen never shows the same id twice. */
  id: string;
  kind: CelebrationKind;
  agentId?: string | undefined;
  teamId?: string | undefined;
  title: string;
  /** The rule's message, rendered by the server in English. */
  detail: string;
  /** A sale's amount when the dialer sent one: lets a screen word the sale in its own language. */
  amount?: number | undefined;
  /** The points it earned ("+20" on the card): a person's sale (docs/metrics.md, "Points"). */
  points?: number | undefined;
  /** ISO-8601 */
  at: string;
  wording?: Wording | undefined;
}

/**
 * An alert as it changes: `new` when it opens, `update` on every later transition, `escalated` when it
 * was not acknowledged in time (alerts/alert-escalation.ts).
 */
export interface AlertChange {
  kind: 'new' | 'update' | 'escalated';
  alert: Alert;
}

const alertEvidenceSchema = z.object({
  metric: metricKeySchema.optional(),
  value: z.number().nullable().optional(),
  threshold: z.number().optional(),
  sample: z.number().optional(),
  window: z.object({ from: isoTime, to: isoTime }).optional(),
  callIds: z.array(z.string()).optional(),
  rule: z.string().optional(),
  message: z.string().optional(),
  count: z.number().int().min(1).optional(),
}) satisfies z.ZodType<AlertEvidence>;

const wordingSchema = z.object({
  rule: z.string(),
  vars: z.record(z.string(), z.union([z.string(), z.number()])),
}) satisfies z.ZodType<Wording>;

export const alertSchema = z.object({
  id: z.string(),
  ruleId: z.string(),
  level: z.enum(['floor', 'team', 'agent']),
  severity: z.enum(['info', 'warning', 'critical']),
  teamId: z.string().optional(),
  agentId: z.string().optional(),
  title: z.string(),
  status: z.enum(['open', 'acknowledged', 'snoozed', 'resolved']),
  openedAt: isoTime,
  updatedAt: isoTime,
  acknowledgedBy: z.string().optional(),
  acknowledgedByName: z.string().optional(),
  acknowledgedAt: isoTime.optional(),
  note: z.string().optional(),
  snoozedUntil: isoTime.optional(),
  resolvedAt: isoTime.optional(),
  escalatedAt: isoTime.optional(),
  evidence: alertEvidenceSchema,
  wording: wordingSchema.optional(),
}) satisfies z.ZodType<Alert>;

/** GET /api/v1/alerts (viewers: floor-level alerts only), newest first. */
export interface AlertsAnswer {
  alerts: Alert[];
}
export const alertsAnswerSchema = z.object({ alerts: z.array(alertSchema) }) satisfies z.ZodType<AlertsAnswer>;
