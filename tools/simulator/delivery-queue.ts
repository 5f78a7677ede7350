import type { CallEvent } from '@floorpulse/shared';

/** One event as the dialer would send it: `at` is when it is sent (≥ its ts; later for a late delivery). */
export interface Delivery {
  at: number;
  event: CallEvent;
}

export interface QueuedDelivery extends Delivery {
  seq: number;
  /** A state change superseded before it was sent (the agent started another call). */
  cancelled: boolean;
}

/** A binary min-heap of deliveries by (at, seq): the generator emits them in send order. */
export class DeliveryQueue {
  private readonly heap: QueuedDelivery[] = [];
  private seq = 0;

  push(at: number, event: CallEvent): QueuedDelivery {
    const d: QueuedDelivery = { at, event, seq: this.seq++, cancelled: false };
    this.heap.push(d);
    let i = this.heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(this.heap[i]!, this.heap[p]!)) break;
      [this.heap[i], this.heap[p]] = [this.heap[p]!, this.heap[i]!];
      i = p;
    }
    return d;
  }

  peek(): QueuedDelivery | undefined {
    return this.heap[0];
  }

  pop(): QueuedDelivery | undefined {
    const top = this.heap[0];
    const last = this.heap.pop();
    if (top === undefined || last === undefined || this.heap.length === 0) return top;
    this.heap[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.heap.length && before(this.heap[l]!, this.heap[m]!)) m = l;
      if (r < this.heap.length && before(this.heap[r]!, this.heap[m]!)) m = r;
      if (m === i) return top;
      [this.heap[i], this.heap[m]] = [this.heap[m]!, this.heap[i]!];
      i = m;
    }
  }
}

function before(a: QueuedDelivery, b: QueuedDelivery): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
