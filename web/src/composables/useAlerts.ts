import {
  type Ack,
  type Alert,
  type AlertActionRequest,
  type AlertBulkAnswer,
  type AlertBulkRequest,
  alertsAnswerSchema,
} from '@floorpulse/shared';
import { computed, onBeforeUnmount, type Ref, reactive, ref, watch } from 'vue';
import { api } from '../lib/api';
import { onEveryConnect, useSocket } from './useSocket';

export type AlertAction = 'ack' | 'resolve' | 'snooze';

/** The newer of two versions of one alert (an HTTP list and a socket update may cross). */
function newer(a: Alert | undefined, b: Alert): boolean {
  return !a || Date.parse(b.updatedAt) >= Date.parse(a.updatedAt);
}

/**
 * Alerts as the server sees them: loaded over HTTP (after every connect, so a screen that was
 * offline catches up), then kept live by alert:new / alert:update. Actions go over the socket.
 * `query`: the list's query string (a supervisor's `?scope=floor`); a change reloads it.
 */
export function useAlerts(opts: { query?: Ref<string> } = {}) {
  const { socket } = useSocket();
  const byId = reactive(new Map<string, Alert>());
  const error = ref<string | null>(null);

  const put = (a: Alert) => {
    if (newer(byId.get(a.id), a)) byId.set(a.id, a);
  };
  const load = async () => {
    try {
      const body = await api(`/api/v1/alerts${opts.query?.value ?? ''}`, alertsAnswerSchema);
      for (const a of body.alerts) put(a);
      error.value = null;
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e);
    }
  };
  socket.on('alert:new', put);
  socket.on('alert:update', put);
  const stopConnect = onEveryConnect(socket, () => void load());
  const stopQuery = opts.query ? watch(opts.query, () => void load()) : () => {};
  onBeforeUnmount(() => {
    stopConnect();
    stopQuery();
    socket.off('alert:new', put);
    socket.off('alert:update', put);
  });

  /** Acts on an alert; resolves with the updated alert or rejects with the server's safe error. */
  function act(action: AlertAction, req: AlertActionRequest): Promise<Alert> {
    return new Promise((resolve, reject) => {
      const done = (err: Error | null, res?: Ack<Alert>) => {
        if (err || !res) return reject(err ?? new Error('no answer'));
        if (!res.ok) return reject(new Error(res.error));
        put(res.data);
        resolve(res.data);
      };
      const s = socket.timeout(8000);
      if (action === 'ack') s.emit('alert:ack', req, done);
      else if (action === 'resolve') s.emit('alert:resolve', req, done);
      else s.emit('alert:snooze', req, done);
    });
  }

  /** Acks or resolves every alert matching the filter (each its own transition); the changes arrive as alert:update. */
  function bulk(req: AlertBulkRequest): Promise<AlertBulkAnswer> {
    return new Promise((resolve, reject) => {
      socket.timeout(15_000).emit('alert:bulk', req, (err: Error | null, res?: Ack<AlertBulkAnswer>) => {
        if (err || !res) return reject(err ?? new Error('no answer'));
        if (!res.ok) return reject(new Error(res.error));
        resolve(res.data);
      });
    });
  }

  const all = computed(() => [...byId.values()].sort((a, b) => Date.parse(b.openedAt) - Date.parse(a.openedAt)));
  return { alerts: all, error, act, bulk, reload: load };
}
