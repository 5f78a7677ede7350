import type { Leaderboard, LeaderboardMetric, LeaderboardRequest } from '@floorpulse/shared';
import { type Ref, ref } from 'vue';
import { followRoom, useSocket } from './useSocket';

/** Today's board of the floor or a team, live; ranked by sales by default (quality, not dial volume). */
export function useLeaderboard(scope: Ref<LeaderboardRequest['scope']>, metric: LeaderboardMetric = 'sales') {
  const { socket } = useSocket();
  const board = ref<Leaderboard | null>(null);

  const accept = (b: Leaderboard) => {
    const current = room.current();
    if (current && b.scope === current.scope && b.metric === metric) board.value = b;
  };
  const room = followRoom(socket, {
    source: scope,
    request: (s): LeaderboardRequest => ({ scope: s, metric }),
    join: (req) =>
      socket.emit('leaderboard:subscribe', req, (res) => {
        if (res.ok) accept(res.data);
      }),
    leave: (req) => socket.emit('leaderboard:unsubscribe', req),
    reset: () => (board.value = null),
    listen: () => {
      socket.on('leaderboard:update', accept);
      return () => socket.off('leaderboard:update', accept);
    },
  });
  return { board };
}
