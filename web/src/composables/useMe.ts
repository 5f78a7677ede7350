import { type MeAnswer, meAnswerSchema } from '@floorpulse/shared';
import { onBeforeUnmount, ref } from 'vue';
import { ApiError, api } from '../lib/api';
import { useSocket } from './useSocket';

/** Why /me cannot show an agent's day: signed out, not an agent, an agent user linked to no roster agent, or no server. */
export type MeProblem = 'signed-out' | 'not-agent' | 'unlinked' | 'unreachable';

export function problemOf(e: unknown): MeProblem {
  if (e instanceof ApiError)
    return e.status === 401 ? 'signed-out' : e.status === 403 ? 'not-agent' : e.status === 409 ? 'unlinked' : 'unreachable';
  return 'unreachable';
}

/**
 * My day (GET /api/v1/me), then live from `me:update`: the server puts this socket in my own room at
 * connect and sends the current answer on every connect, so a reconnect catches up by itself.
 */
export function useMe() {
  const { socket } = useSocket();
  const me = ref<MeAnswer | null>(null);
  const lastUpdate = ref<number | null>(null);
  const problem = ref<MeProblem | null>(null);

  const accept = (m: MeAnswer) => {
    me.value = m;
    lastUpdate.value = Date.now();
    problem.value = null;
  };
  api('/api/v1/me', meAnswerSchema).then(accept, (e: unknown) => (problem.value = problemOf(e)));
  // The socket refused the session (expired, signed out elsewhere): say so rather than wait on STALE.
  const onRefused = (err: Error) => {
    if (err.message === 'session ended' || err.message === 'unauthorized') problem.value = 'signed-out';
  };
  socket.on('me:update', accept);
  socket.on('connect_error', onRefused);
  onBeforeUnmount(() => {
    socket.off('me:update', accept);
    socket.off('connect_error', onRefused);
  });
  return { me, lastUpdate, problem };
}
