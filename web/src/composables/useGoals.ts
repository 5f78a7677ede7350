import { onBeforeUnmount, ref, watch, type Ref } from 'vue';
import type { GoalProgress, GoalsRequest, Scope } from '@floorpulse/shared';
import { onEveryConnect, useSocket } from './useSocket';

/**
 * Goal progress, live. `scope` undefined: every goal (the supervisor's table); a scope: the goals
 * of that scope and the agents under it, as the server defines the room.
 */
export function useGoals(scope: Ref<Scope | undefined>) {
  const { socket } = useSocket();
  const goals = ref<GoalProgress[]>([]);
  let current: GoalsRequest | null = null;

  const accept = (list: GoalProgress[]) => {
    const want = current?.scope;
    // One update may carry another room's goals (a socket in two rooms): keep only ours.
    const mine = want ? list.filter((g) => g.scope === want || g.scope.startsWith('agent:')) : list;
    const byId = new Map(goals.value.map((g) => [g.goalId, g]));
    for (const g of mine) byId.set(g.goalId, g);
    goals.value = [...byId.values()];
  };
  const join = () => {
    if (!current) return;
    socket.emit('goals:subscribe', current, (res) => {
      if (res.ok) {
        goals.value = [];
        accept(res.data);
      }
    });
  };
  socket.on('goals:update', accept);
  const stopConnect = onEveryConnect(socket, join);
  const stopWatch = watch(
    scope,
    (s) => {
      if (current && socket.connected) socket.emit('goals:unsubscribe', current);
      current = s ? { scope: s } : {};
      goals.value = [];
      if (socket.connected) join();
    },
    { immediate: true },
  );
  onBeforeUnmount(() => {
    stopWatch();
    stopConnect();
    socket.off('goals:update', accept);
    if (current && socket.connected) socket.emit('goals:unsubscribe', current);
  });
  return { goals };
}
