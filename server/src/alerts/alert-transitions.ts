import type { Alert } from '@floorpulse/shared';
import { InvalidTransitionError } from './alert-actions.js';
import type { AlertTransition } from './alerts-repo.js';

export type ManualAction = 'ack' | 'resolve' | 'snooze';

/** Where each action may start (docs/rules.md, "Alerts": open → acknowledged → resolved, snooze for a period). */
const ALLOWED: Record<ManualAction | 'unsnooze', readonly Alert['status'][]> = {
  ack: ['open', 'snoozed'],
  resolve: ['open', 'acknowledged', 'snoozed'],
  snooze: ['open', 'acknowledged', 'snoozed'],
  unsnooze: ['snoozed'],
};

/** The alert after a transition at `now`; throws InvalidTransitionError when it is not allowed. */
export function transition(
  a: Alert,
  t: Exclude<AlertTransition, 'open' | 'join' | 'escalate'>,
  now: number,
  by: string,
  opts: { note?: string | undefined; minutes?: number | undefined; byName?: string | undefined } = {},
): Alert {
  if (!ALLOWED[t].includes(a.status)) throw new InvalidTransitionError(`cannot ${t} an alert that is ${a.status}`);
  const at = new Date(now).toISOString();
  const note = opts.note !== undefined ? { note: opts.note } : {};
  switch (t) {
    case 'ack':
      return {
        ...a,
        ...note,
        status: 'acknowledged',
        acknowledgedBy: by,
        acknowledgedByName: opts.byName,
        acknowledgedAt: at,
        snoozedUntil: undefined,
        updatedAt: at,
      };
    case 'resolve':
      return { ...a, ...note, status: 'resolved', resolvedAt: at, snoozedUntil: undefined, updatedAt: at };
    case 'snooze':
      return { ...a, ...note, status: 'snoozed', snoozedUntil: new Date(now + (opts.minutes ?? 15) * 60_000).toISOString(), updatedAt: at };
    default:
      // The snooze ran out: back to acknowledged if someone had taken it, else open again.
      return { ...a, status: a.acknowledgedBy ? 'acknowledged' : 'open', snoozedUntil: undefined, updatedAt: at };
  }
}
