import type { RatesSnapshot, Scope, WindowName } from '@floorpulse/shared';
import { onBeforeUnmount, type Ref, reactive, watch } from 'vue';
import { onEveryConnect, useSocket } from './useSocket';

const key = (scope: Scope, window: WindowName) => `${scope}|${window}`;

/**
 * Live snapshots of some scopes over some windows. Follows `scopes` (rotation changes it):
 * joins the new ones, leaves the old ones, and re-joins after a reconnect.
 */
export function useRates(scopes: Ref<readonly Scope[]>, windows: readonly WindowName[], onSnapshot?: (s: RatesSnapshot) => void) {
  const { socket } = useSocket();
  const snapshots = reactive(new Map<string, RatesSnapshot>());
  let joined: { scope: Scope; window: WindowName }[] = [];

  const accept = (s: RatesSnapshot) => {
    if (!joined.some((j) => j.scope === s.scope && j.window === s.window)) return;
    snapshots.set(key(s.scope, s.window), s);
    onSnapshot?.(s);
  };
  const join = () => {
    for (const req of joined) {
      socket.emit('subscribe', req, (res) => {
        if (res.ok) accept(res.data);
      });
    }
  };
  const leave = (reqs: { scope: Scope; window: WindowName }[]) => {
    for (const req of reqs) if (socket.connected) socket.emit('unsubscribe', req);
  };

  socket.on('rates:update', accept);
  const stopConnect = onEveryConnect(socket, join);
  const stopWatch = watch(
    scopes,
    (now) => {
      const next = now.flatMap((scope) => windows.map((window) => ({ scope, window })));
      const gone = joined.filter((j) => !next.some((n) => n.scope === j.scope && n.window === j.window));
      leave(gone);
      for (const g of gone) snapshots.delete(key(g.scope, g.window));
      joined = next;
      if (socket.connected) join();
    },
    { immediate: true },
  );

  onBeforeUnmount(() => {
    stopWatch();
    stopConnect();
    socket.off('rates:update', accept);
    leave(joined);
    joined = [];
  });

  return {
    snapshots,
    get: (scope: Scope, window: WindowName): RatesSnapshot | undefined => snapshots.get(key(scope, window)),
  };
}
