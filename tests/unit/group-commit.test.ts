import { describe, expect, it } from 'vitest';
import { VirtualTimeScheduler } from 'rxjs';
import { GroupCommit } from '../../server/src/ingest/group-commit.js';

/** A writer whose writes finish only when the test says so. */
function gatedWriter() {
  const batches: number[][] = [];
  const gates: { open: () => void; fail: (e: unknown) => void }[] = [];
  const write = (batch: number[]) =>
    new Promise<void>((resolve, reject) => {
      batches.push(batch);
      gates.push({ open: resolve, fail: reject });
    });
  return { batches, gates, write };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('group commit', () => {
  it('waits flushMs when idle, then writes what came in as one batch', async () => {
    const scheduler = new VirtualTimeScheduler();
    const w = gatedWriter();
    const gc = new GroupCommit<number>({ write: w.write, flushMs: 20, maxBatch: 100, scheduler });
    const a = gc.submit([1, 2]);
    const b = gc.submit([3]);
    await tick();
    expect(w.batches).toEqual([]);
    scheduler.flush();
    expect(w.batches).toEqual([[1, 2, 3]]);
    w.gates[0]!.open();
    await Promise.all([a, b]);
    expect(gc.backlog).toBe(0);
  });

  it('while a write runs, everything that arrives goes into the next write, in order, whatever the timer', async () => {
    const scheduler = new VirtualTimeScheduler();
    const w = gatedWriter();
    const gc = new GroupCommit<number>({ write: w.write, flushMs: 20, maxBatch: 100, scheduler });
    const first = gc.submit([1]);
    scheduler.flush();
    const later = [gc.submit([2]), gc.submit([3, 4])];
    scheduler.flush();
    const last = gc.submit([5]);
    scheduler.flush();
    expect(w.batches).toEqual([[1]]);
    expect(gc.backlog).toBe(5);
    w.gates[0]!.open();
    await first;
    await tick();
    expect(w.batches).toEqual([[1], [2, 3, 4, 5]]);
    w.gates[1]!.open();
    await Promise.all([...later, last]);
    expect(gc.writes).toBe(2);
  });

  it('caps a batch at maxBatch whole submissions and starts at once when that many wait', async () => {
    const scheduler = new VirtualTimeScheduler();
    const w = gatedWriter();
    const gc = new GroupCommit<number>({ write: w.write, flushMs: 20, maxBatch: 3, scheduler });
    const a = gc.submit([1, 2, 3]);
    expect(w.batches).toEqual([[1, 2, 3]]);
    const rest = [gc.submit([4, 5]), gc.submit([6, 7]), gc.submit([8])];
    w.gates[0]!.open();
    await a;
    await tick();
    expect(w.batches).toEqual([[1, 2, 3], [4, 5]]);
    w.gates[1]!.open();
    await tick();
    expect(w.batches).toEqual([[1, 2, 3], [4, 5], [6, 7, 8]]);
    w.gates[2]!.open();
    await Promise.all(rest);
  });

  it('a failed write rejects its own submitters only; the next batch is still written; flush settles', async () => {
    const scheduler = new VirtualTimeScheduler();
    const w = gatedWriter();
    const gc = new GroupCommit<number>({ write: w.write, flushMs: 20, maxBatch: 100, scheduler });
    const failed = gc.submit([1]);
    scheduler.flush();
    const next = gc.submit([2]);
    const flushed = gc.flush();
    w.gates[0]!.fail(new Error('store down'));
    await expect(failed).rejects.toThrow('store down');
    await tick();
    expect(w.batches).toEqual([[1], [2]]);
    let settled = false;
    void flushed.then(() => (settled = true));
    await tick();
    expect(settled).toBe(false);
    w.gates[1]!.open();
    await next;
    await flushed;
    expect(gc.backlog).toBe(0);
  });
});
