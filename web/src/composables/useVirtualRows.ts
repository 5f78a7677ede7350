import { computed, onBeforeUnmount, onMounted, type Ref, ref } from 'vue';

/**
 * The rows of a long list that are in view, plus `overscan` either side: [start, end) and the space
 * the rows outside it would take. Fixed row height: a table of people reads in one line per person.
 */
export function visibleRange(o: { scrollTop: number; viewport: number; rowHeight: number; count: number; overscan: number }): {
  start: number;
  end: number;
  before: number;
  after: number;
} {
  const first = Math.floor(Math.max(0, o.scrollTop) / o.rowHeight);
  const inView = Math.ceil(o.viewport / o.rowHeight) + 1;
  const start = Math.max(0, Math.min(first - o.overscan, o.count));
  const end = Math.min(o.count, first + inView + o.overscan);
  return {
    start,
    end: Math.max(start, end),
    before: start * o.rowHeight,
    after: Math.max(0, o.count - Math.max(start, end)) * o.rowHeight,
  };
}

/**
 * A virtualised list: only the rows in view (and a few around) are in the DOM, so 500 agents cost what
 * 30 do. `el` is the scrolling element; its scroll and size are followed until unmount.
 */
export function useVirtualRows<T>(el: Ref<HTMLElement | null>, items: Ref<readonly T[]>, opts: { rowHeight: number; overscan?: number }) {
  const scrollTop = ref(0);
  const viewport = ref(800);
  const sync = () => {
    if (!el.value) return;
    scrollTop.value = el.value.scrollTop;
    viewport.value = el.value.clientHeight || viewport.value;
  };
  let observer: ResizeObserver | undefined;
  onMounted(() => {
    el.value?.addEventListener('scroll', sync, { passive: true });
    if (typeof ResizeObserver !== 'undefined' && el.value) {
      observer = new ResizeObserver(sync);
      observer.observe(el.value);
    }
    sync();
  });
  onBeforeUnmount(() => {
    el.value?.removeEventListener('scroll', sync);
    observer?.disconnect();
  });
  const range = computed(() =>
    visibleRange({
      scrollTop: scrollTop.value,
      viewport: viewport.value,
      rowHeight: opts.rowHeight,
      count: items.value.length,
      overscan: opts.overscan ?? 8,
    }),
  );
  const visible = computed(() => items.value.slice(range.value.start, range.value.end));
  return { range, visible };
}
