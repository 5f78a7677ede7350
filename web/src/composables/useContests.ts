import type { ContestBoard } from '@floorpulse/shared';
import { type Ref, ref } from 'vue';
import { followRoom, useSocket } from './useSocket';

/**
 * The floor's contests on a wall, live (docs/rules.md, "Contests"): running ones, those starting within
 * the hour and those just decided. `on` false (a team's TV, which the server does not give the floor's
 * races): none, and no subscription.
 */
export function useContests(on: Ref<boolean>) {
  const { socket } = useSocket();
  const contests = ref<ContestBoard[]>([]);
  followRoom(socket, {
    source: on,
    request: (v) => v,
    join: (v) => {
      if (!v) return;
      socket.emit('contests:subscribe', {}, (res) => {
        if (res.ok) contests.value = res.data;
      });
    },
    leave: (v) => {
      if (v) socket.emit('contests:unsubscribe', {});
    },
    reset: () => (contests.value = []),
    listen: () => {
      const accept = (boards: ContestBoard[]) => (contests.value = boards);
      socket.on('contests:update', accept);
      return () => socket.off('contests:update', accept);
    },
  });
  return { contests };
}
