import { onBeforeUnmount, ref } from 'vue';

/**
 * An HTTP answer read now and every `everyMs` (the honour roll, the scores: minutes-scale numbers no socket
 * pushes). `failed`: the last read failed, and what is shown is older (the screen says so); never a fake value.
 */
export function usePolled<T>(read: () => Promise<T>, everyMs: number) {
  const value = ref<T | null>(null);
  const failed = ref(false);
  const at = ref<number | null>(null);
  async function load(): Promise<void> {
    try {
      value.value = (await read()) as typeof value.value;
      failed.value = false;
      at.value = Date.now();
    } catch {
      failed.value = true;
    }
  }
  void load();
  const timer = setInterval(() => void load(), everyMs);
  onBeforeUnmount(() => clearInterval(timer));
  return { value, failed, at, load };
}
