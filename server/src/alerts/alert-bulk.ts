import type { AlertBulkAnswer, AlertBulkRequest, ScopeLimits } from '@floorpulse/shared';
import { type AlertActions, AlertNotFoundError, InvalidTransitionError } from './alert-actions.js';

/** Where each bulk action applies: the same starting points as one alert's action (alert-transitions.ts). */
const APPLIES: Record<AlertBulkRequest['action'], readonly string[]> = {
  ack: ['open', 'snoozed'],
  resolve: ['open', 'acknowledged', 'snoozed'],
};

/** More than this in one request is refused: a floor's inbox is far smaller, a runaway filter is not. */
export const BULK_MAX = 2000;

/**
 * Ack or resolve every alert matching the filter with one note (docs/rules.md, "Bulk actions"): each
 * alert through AlertActions on its own, so each gets its own transition row with `by` (the person)
 * and its change on alerts$ like a single action. An alert another supervisor changed meanwhile is
 * skipped and named, never an error for the rest. A principal limited to teams acts on theirs only.
 */
export async function bulkAct(
  actions: AlertActions,
  req: AlertBulkRequest,
  by: string,
  limits?: ScopeLimits | null | undefined,
): Promise<AlertBulkAnswer> {
  const listed = await actions.list({ ...req.filter });
  const targets = listed
    .filter((a) => APPLIES[req.action].includes(a.status))
    .filter((a) => !limits || (a.teamId !== undefined && limits.teams.includes(a.teamId)))
    .slice(0, BULK_MAX);
  const answer: AlertBulkAnswer = { action: req.action, matched: targets.length, changed: [], skipped: [] };
  for (const a of targets) {
    try {
      await (req.action === 'ack' ? actions.ack(a.id, by, req.note) : actions.resolve(a.id, by, req.note));
      answer.changed.push(a.id);
    } catch (err) {
      if (err instanceof InvalidTransitionError) answer.skipped.push({ id: a.id, reason: 'invalid transition' });
      else if (err instanceof AlertNotFoundError) answer.skipped.push({ id: a.id, reason: 'not found' });
      else throw err;
    }
  }
  return answer;
}
