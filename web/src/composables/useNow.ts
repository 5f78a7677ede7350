import { onBeforeUnmount, ref } from 'vue';

/** One clock for every component that shows a time since (time in state): ticks while any of them is mounted. */
const now = ref(Date.now());
let users = 0;
let timer: ReturnType<typeof setInterval> | undefined;

export function useNow(periodMs = 15_000) {
  users++;
  if (!timer) {
    now.value = Date.now();
    timer = setInterval(() => (now.value = Date.now()), periodMs);
  }
  onBeforeUnmount(() => {
    users--;
    if (users === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  });
  return now;
}
