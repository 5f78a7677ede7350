import type { GoalProgress, GoalsRequest, Scope } from '@floorpulse/shared';
import { type Ref, ref } from 'vue';
import { followRoom, useSocket } from './useSocket';

/**
 * Goal progress, live. `scope` undefined: every goal (the supervisor's table); a scope: the goals
 * of that scope and the agents under it, as the server defines the room.
 */
export function useGoals(scope: Ref<Scope | undefined>) {
  const { socket } = useSocket();
  const goals = ref<GoalProgress[]>([]);

  const accept = (list: GoalProgress[]) => {
    const want = room.current()?.scope;
    // One update may carry another room's goals (a socket in two rooms): keep only ours.
    const mine = want ? list.filter((g) => g.scope === want || g.scope.startsWith('agent:')) : list;
    const byId = new Map(goals.value.map((g) => [g.goalId, g]));
    for (const g of mine) byId.set(g.goalId, g);
    goals.value = [...byId.values()];
  };
  const room = followRoom(socket, {
    source: scope,
    request: (s): GoalsRequest => (s ? { scope: s } : {}),
    join: (req) =>
      socket.emit('goals:subscribe', req, (res) => {
        if (res.ok) {
          goals.value = [];
          accept(res.data);
        }
      }),
    leave: (req) => socket.emit('goals:unsubscribe', req),
    reset: () => (goals.value = []),
    listen: () => {
      socket.on('goals:update', accept);
      return () => socket.off('goals:update', accept);
    },
  });
  return { goals };
}
