import type { Celebration } from '@floorpulse/shared';
import { onBeforeUnmount, shallowRef } from 'vue';
import { CelebrationQueue, type ShownCelebration } from '../lib/celebration-queue';
import { meta } from '../lib/meta';
import { useSocket } from './useSocket';

const SEEN_KEY = 'floorpulse.celebrated';

function loadSeen(): string[] {
  try {
    const v: unknown = JSON.parse(sessionStorage.getItem(SEEN_KEY) ?? '[]');
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * The wall's celebrations: one at a time for `showMs`, in order, each id once — also across a
 * reload of the page (the ids shown are kept in this tab's session storage); more than three waiting
 * merge into one card per kind, and cards cover at most the floor's configured share of any minute.
 */
export function useCelebrations(opts: { showMs?: number; gapMs?: number; onShow?: (c: Celebration) => void } = {}) {
  const { socket, lastCelebrationId } = useSocket();
  const current = shallowRef<ShownCelebration | null>(null);
  const queue = new CelebrationQueue({
    showMs: opts.showMs ?? 6000,
    gapMs: opts.gapMs ?? 600,
    seen: loadSeen(),
    remember: 300,
    // The floor's CELEBRATION_MINUTE_SHARE: celebrations must not cover the wall (docs/web.md).
    maxShare: () => meta.celebrationShare,
    onShow: (c) => {
      current.value = c;
      lastCelebrationId.value = c.id;
      try {
        sessionStorage.setItem(SEEN_KEY, JSON.stringify(queue.seenIds));
      } catch {
        // no storage: the in-memory set still holds for this page
      }
      opts.onShow?.(c);
    },
    onHide: () => {
      current.value = null;
    },
  });
  const accept = (c: Celebration) => void queue.push(c);
  socket.on('celebration', accept);
  onBeforeUnmount(() => {
    socket.off('celebration', accept);
    queue.stop();
  });
  return { current, queue };
}
