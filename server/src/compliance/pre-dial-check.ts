import {
  type ComplianceCheckAnswer,
  type ComplianceCheckRequest,
  complianceCheckRequestSchema,
  DIAL_RULES,
  describeIssue,
} from '@floorpulse/shared';
import type { CountryCode } from 'libphonenumber-js/max';
import { Counter, Histogram, type Registry } from 'prom-client';
import type { SchedulerLike } from 'rxjs';
import type { Access } from '../auth/access.js';
import type { DirectRoute, Gate } from '../http/direct-routes.js';
import { jsonBody } from '../http/json-body.js';
import { requireRole } from '../http/require-role.js';
import { sendJson } from '../http/send-json.js';
import type { PhoneHasher } from '../ingest/phone-hash.js';
import { parsePhone } from '../ingest/phone-number.js';
import type { CheckCounts } from './check-counts.js';
import type { ComplianceStage } from './compliance-stage.js';

export interface PreDialCheckDeps {
  access: Access;
  compliance: Pick<ComplianceStage, 'check'>;
  hashPhone: PhoneHasher['hash'];
  phoneRegion: CountryCode;
  frequencyCap: number;
  scheduler: SchedulerLike;
  /** The app's Prometheus registry: checks allowed and refused, refusals by reason (docs/operations.md). */
  registry: Registry;
  /** Checks counted per minute and team, written to ClickHouse every few seconds (check-counts.ts). */
  counts: Pick<CheckCounts, 'note'>;
}

/**
 * POST /api/v1/compliance/check {teamId, agentId, phone, consentExpiresAt?, at?} → {allow, reasons, …}
 * (docs/connectors.md, "Pre-dial check"). The dialer's own token (ingest) asks before it dials; the answer
 * is the stream's rules over the stream's phone history (compliance-stage.ts), so a refused check that is
 * dialled anyway gets exactly the flags it was refused for. The phone is hashed at once and never answered.
 */
export function preDialCheckRoute(deps: PreDialCheckDeps): DirectRoute {
  const checks = new Counter({
    name: 'floorpulse_dial_checks_total',
    help: 'Pre-dial compliance checks answered, by result: allowed, refused (the dial would be a violation), invalid (a 400)',
    labelNames: ['result'],
    registers: [deps.registry],
  });
  const refusals = new Counter({
    name: 'floorpulse_dial_check_refusals_total',
    help: 'Refused pre-dial checks by reason (one check may have several): the dials stopped before they broke a rule',
    labelNames: ['reason'],
    registers: [deps.registry],
  });
  // The server's own time per check, from the request's first byte parsed to the answer written: the
  // bench's target (p99 <= 5 ms) read where a loaded client cannot blur it (bench/scenarios/dial-check.ts).
  const seconds = new Histogram({
    name: 'floorpulse_dial_check_seconds',
    help: 'Pre-dial checks: time in the server from the route to the answer (body parsing and the role check included)',
    buckets: [0.0005, 0.001, 0.002, 0.003, 0.005, 0.01, 0.025, 0.1, 1],
    registers: [deps.registry],
  });
  // Every series exists from the start, so a rate over them is 0 rather than absent before the first refusal.
  for (const result of ['allowed', 'refused', 'invalid']) checks.inc({ result }, 0);
  for (const reason of DIAL_RULES) refusals.inc({ reason }, 0);
  // Bound once: a labelled inc() hashes its labels on every call, at 2,000 checks a second.
  const allowed = checks.labels({ result: 'allowed' });
  const refused = checks.labels({ result: 'refused' });
  const invalid = checks.labels({ result: 'invalid' });
  const refusedFor = new Map(DIAL_RULES.map((reason) => [reason, refusals.labels({ reason })]));

  const timed: Gate = (_req, res, next) => {
    const end = seconds.startTimer();
    res.once('finish', () => end());
    next();
  };
  const check: Gate = (req, res) => {
    const parsed = complianceCheckRequestSchema.safeParse((req as { body?: unknown }).body ?? {});
    if (!parsed.success) {
      invalid.inc();
      return sendJson(res, 400, { error: describeIssue(parsed.error) });
    }
    const q: ComplianceCheckRequest = parsed.data;
    // Never echoed: the error names the field only (the same words as the ingest's, validate.ts).
    const phone = parsePhone(q.phone, deps.phoneRegion);
    if (!phone) {
      invalid.inc();
      return sendJson(res, 400, { error: 'phone: is not a valid phone number' });
    }
    const now = deps.scheduler.now();
    const at = q.at ?? now;
    const { hash, legacy } = deps.hashPhone(phone, at);
    const verdict = deps.compliance.check({
      teamId: q.teamId,
      agentId: q.agentId,
      phoneHash: hash,
      legacyHashes: legacy,
      consentExpiresAt: q.consentExpiresAt,
      at,
    });
    const allow = verdict.reasons.length === 0;
    (allow ? allowed : refused).inc();
    for (const reason of verdict.reasons) refusedFor.get(reason)?.inc();
    // Counted in the minute it was asked, not the `at` it asked about: a count of questions (docs/metrics.md).
    deps.counts.note(q.teamId, now, verdict.reasons);
    sendJson(res, 200, {
      allow,
      reasons: verdict.reasons,
      at: new Date(at).toISOString(),
      zone: verdict.zone,
      dialsIn24h: verdict.dialsIn24h,
      frequencyCap: deps.frequencyCap,
    } satisfies ComplianceCheckAnswer);
  };
  // Served ahead of Express, behind the same gates (http/direct-routes.ts): a dialer asks before every dial.
  return {
    method: 'POST',
    path: '/api/v1/compliance/check',
    handlers: [timed, requireRole(deps.access, 'ingest'), jsonBody(16 * 1024), check],
  };
}
