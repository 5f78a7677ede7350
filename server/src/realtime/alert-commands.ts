import type { Logger } from 'pino';
import type { AlertActions } from '../rules/contracts.js';
import { alertActionSchema, snoozeSchema } from './schemas.js';
import { supervisorAlert } from './screen-payloads.js';
import { SafeAckError, withAck } from './with-ack.js';
import type { FloorSocket } from './types.js';

/**
 * ack / resolve / snooze over the socket, through the same AlertActions as HTTP, so the same
 * rules hold: SUPERVISOR or ADMIN, the same transitions, the change published on alerts$ to
 * every supervisor screen. The ack answers the alert as it now is.
 */
export function handleAlertCommands(socket: FloorSocket, actions: () => AlertActions | undefined, log: Logger): void {
  const onUnexpected = (err: unknown) => log.error({ err, socket: socket.id }, 'alert action failed');
  const opts = { schema: alertActionSchema, role: 'supervisor' as const, onUnexpected };
  const use = (): AlertActions => {
    const a = actions();
    if (!a) throw new SafeAckError('unavailable'); // the rules stage is not wired in this build
    return a;
  };
  const by = socket.data.user;

  socket.on('alert:ack', withAck(socket, opts, async (req) => supervisorAlert(await use().ack(req.id, by, req.note))));
  socket.on('alert:resolve', withAck(socket, opts, async (req) => supervisorAlert(await use().resolve(req.id, by, req.note))));
  socket.on('alert:snooze', withAck(socket, { ...opts, schema: snoozeSchema }, async (req) =>
    supervisorAlert(await use().snooze(req.id, by, req.minutes, req.note))));
}
