import { alertActionSchema, alertBulkRequestSchema, alertSnoozeSchema, type SafeError } from '@floorpulse/shared';
import type { Logger } from 'pino';
import type { FloorSocket } from '../realtime/types.js';
import { withAck } from '../realtime/with-ack.js';
import { type AlertActions, AlertNotFoundError, InvalidTransitionError } from './alert-actions.js';
import { bulkAct } from './alert-bulk.js';
import { supervisorAlert } from './alert-payloads.js';

/** The alert errors a supervisor's screen may see; anything else answers 'unavailable'. */
function alertSafeError(err: unknown): SafeError | null {
  if (err instanceof AlertNotFoundError) return 'not found';
  if (err instanceof InvalidTransitionError) return 'invalid transition';
  return null;
}

/**
 * ack / resolve / snooze / bulk over the socket, through the same AlertActions as HTTP, so the same
 * rules hold: SUPERVISOR or ADMIN, the same transitions, the change published on alerts$ to
 * every supervisor screen. The ack answers the alert as it now is.
 */
export function handleAlertCommands(socket: FloorSocket, actions: AlertActions, log: Logger): void {
  const onUnexpected = (err: unknown) => log.error({ err, socket: socket.id }, 'alert action failed');
  const opts = { schema: alertActionSchema, role: 'supervisor' as const, onUnexpected, safeError: alertSafeError };
  const by = socket.data.by;

  socket.on(
    'alert:ack',
    withAck(socket, opts, async (req) => supervisorAlert(await actions.ack(req.id, by, req.note))),
  );
  socket.on(
    'alert:resolve',
    withAck(socket, opts, async (req) => supervisorAlert(await actions.resolve(req.id, by, req.note))),
  );
  socket.on(
    'alert:snooze',
    withAck(socket, { ...opts, schema: alertSnoozeSchema }, async (req) =>
      supervisorAlert(await actions.snooze(req.id, by, req.minutes, req.note)),
    ),
  );
  socket.on(
    'alert:bulk',
    withAck(socket, { ...opts, schema: alertBulkRequestSchema }, (req) => bulkAct(actions, req, by, socket.data.limits)),
  );
}
