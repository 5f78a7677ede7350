import type { AgentBoardDelta, AgentBoardScope, AgentRow } from '@floorpulse/shared';
import { onBeforeUnmount, type Ref, reactive, ref, watch } from 'vue';
import { onEveryConnect, useSocket } from './useSocket';

/**
 * The supervisors' agents table, live: one room per floor or team (agents:subscribe). The ack is the
 * whole table, `agents:delta` the rows that changed. Follows `scopes` (the "my teams" / floor toggle)
 * and joins again after every reconnect, starting over from the new ack. `error`: the server's refusal
 * ('forbidden' for a role that may not supervise), said on the page rather than an empty table.
 */
export function useAgentBoard(scopes: Ref<readonly AgentBoardScope[]>) {
  const { socket } = useSocket();
  const rows = reactive(new Map<string, AgentRow>());
  const from = ref<string | null>(null);
  const to = ref<string | null>(null);
  const error = ref<string | null>(null);
  const loaded = ref(false);
  let joined: AgentBoardScope[] = [];

  const onDelta = (d: AgentBoardDelta) => {
    if (!joined.includes(d.scope)) return;
    if (d.full || (from.value !== null && d.from !== from.value)) {
      // A new day, or a connection that missed deltas: the table starts over from this scope's rows.
      for (const [id, r] of rows) if (d.scope === 'floor' || `team:${r.teamId}` === d.scope) rows.delete(id);
    }
    for (const r of d.rows) rows.set(r.agentId, r);
    for (const id of d.removed) rows.delete(id);
    from.value = d.from;
    to.value = d.to;
  };
  const join = () => {
    rows.clear();
    loaded.value = false;
    let waiting = joined.length;
    for (const scope of joined) {
      socket.emit('agents:subscribe', { scope }, (res) => {
        if (!joined.includes(scope)) return;
        if (!res.ok) {
          error.value = res.error;
          return;
        }
        error.value = null;
        for (const r of res.data.rows) rows.set(r.agentId, r);
        from.value = res.data.from;
        to.value = res.data.to;
        if (--waiting === 0) loaded.value = true;
      });
    }
  };
  socket.on('agents:delta', onDelta);
  const stopConnect = onEveryConnect(socket, join);
  const stopWatch = watch(
    scopes,
    (next) => {
      for (const scope of joined) if (!next.includes(scope) && socket.connected) socket.emit('agents:unsubscribe', { scope });
      joined = [...next];
      if (socket.connected) join();
    },
    { immediate: true },
  );
  onBeforeUnmount(() => {
    stopWatch();
    stopConnect();
    socket.off('agents:delta', onDelta);
    for (const scope of joined) if (socket.connected) socket.emit('agents:unsubscribe', { scope });
    joined = [];
  });
  return { rows, from, to, error, loaded };
}
