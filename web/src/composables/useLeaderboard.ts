import { onBeforeUnmount, ref, watch, type Ref } from 'vue';
import type { Leaderboard, LeaderboardMetric, LeaderboardRequest } from '@floorpulse/shared';
import { onEveryConnect, useSocket } from './useSocket';

/** Today's board of the floor or a team, live; ranked by sales by default (quality, not dial volume). */
export function useLeaderboard(scope: Ref<LeaderboardRequest['scope']>, metric: LeaderboardMetric = 'sales') {
  const { socket } = useSocket();
  const board = ref<Leaderboard | null>(null);
  let current: LeaderboardRequest | null = null;

  const accept = (b: Leaderboard) => {
    if (current && b.scope === current.scope && b.metric === metric) board.value = b;
  };
  const join = () => {
    if (!current) return;
    socket.emit('leaderboard:subscribe', current, (res) => {
      if (res.ok) accept(res.data);
    });
  };
  socket.on('leaderboard:update', accept);
  const stopConnect = onEveryConnect(socket, join);
  const stopWatch = watch(
    scope,
    (s) => {
      if (current && socket.connected) socket.emit('leaderboard:unsubscribe', current);
      current = { scope: s, metric };
      board.value = null;
      if (socket.connected) join();
    },
    { immediate: true },
  );
  onBeforeUnmount(() => {
    stopWatch();
    stopConnect();
    socket.off('leaderboard:update', accept);
    if (current && socket.connected) socket.emit('leaderboard:unsubscribe', current);
  });
  return { board };
}
