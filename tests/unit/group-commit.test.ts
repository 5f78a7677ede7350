import { VirtualTimeScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
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
    expect(w.batches).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
    w.gates[1]!.open();
    await tick();
    expect(w.batches).toEqual([
      [1, 2, 3],
      [4, 5],
      [6, 7, 8],
    ]);
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

  describe('a batch that joins several submissions and fails', () => {
    class Refused extends Error {}
    class Down extends Error {}
    /** ClickHouse as the test has it: refuses (writes nothing of) any batch that holds a negative item; `down` makes every write fail. */
    function refusingWriter() {
      const attempts: number[][] = [];
      const stored: number[] = [];
      const state = { down: false, downAfter: Infinity };
      const write = async (batch: number[]) => {
        attempts.push(batch);
        if (state.down || attempts.length > state.downAfter) throw new Down('store down');
        if (batch.some((n) => n < 0)) throw new Refused('CANNOT_PARSE_ESCAPE_SEQUENCE');
        stored.push(...batch);
      };
      return { attempts, stored, state, write };
    }
    const setup = (w: ReturnType<typeof refusingWriter>) => {
      const scheduler = new VirtualTimeScheduler();
      const gc = new GroupCommit<number>({ write: w.write, flushMs: 20, maxBatch: 100, scheduler, isolate: (e) => e instanceof Refused });
      return { scheduler, gc };
    };
    const settle = (p: Promise<void>) =>
      p.then(
        () => 'stored',
        (e: unknown) => (e instanceof Error ? e.constructor.name : 'other'),
      );

    it('retries each submission alone, in order: only the poisoned one fails, the others are stored once', async () => {
      const w = refusingWriter();
      const { scheduler, gc } = setup(w);
      const results = [gc.submit([1]), gc.submit([2, -1]), gc.submit([3, 4]), gc.submit([5])].map(settle);
      scheduler.flush();
      expect(await Promise.all(results)).toEqual(['stored', 'Refused', 'stored', 'stored']);
      expect(w.attempts).toEqual([[1, 2, -1, 3, 4, 5], [1], [2, -1], [3, 4], [5]]);
      expect(w.stored).toEqual([1, 3, 4, 5]);
      expect(gc.writes).toBe(5);
      expect(gc.backlog).toBe(0);
    });

    it('fails every submission at once, without a retry each, when the store is down', async () => {
      const w = refusingWriter();
      w.state.down = true;
      const { scheduler, gc } = setup(w);
      const results = [gc.submit([1]), gc.submit([2]), gc.submit([3])].map(settle);
      scheduler.flush();
      expect(await Promise.all(results)).toEqual(['Down', 'Down', 'Down']);
      expect(w.attempts).toEqual([[1, 2, 3]]);
    });

    it('fails the submissions not yet retried when the store goes down during the retries', async () => {
      const w = refusingWriter();
      w.state.downAfter = 2;
      const { scheduler, gc } = setup(w);
      const results = [gc.submit([1]), gc.submit([-1]), gc.submit([2]), gc.submit([3])].map(settle);
      scheduler.flush();
      expect(await Promise.all(results)).toEqual(['stored', 'Down', 'Down', 'Down']);
      expect(w.attempts).toEqual([[1, -1, 2, 3], [1], [-1]]);
      expect(w.stored).toEqual([1]);
    });

    it('does not retry a lone submission, and keeps writing the batches after it', async () => {
      const w = refusingWriter();
      const { scheduler, gc } = setup(w);
      const lone = settle(gc.submit([-1]));
      scheduler.flush();
      const next = settle(gc.submit([7]));
      scheduler.flush();
      expect(await Promise.all([lone, next])).toEqual(['Refused', 'stored']);
      expect(w.attempts).toEqual([[-1], [7]]);
    });

    it('retries nothing without an isolate predicate: every submitter gets the error', async () => {
      const w = refusingWriter();
      const scheduler = new VirtualTimeScheduler();
      const gc = new GroupCommit<number>({ write: w.write, flushMs: 20, maxBatch: 100, scheduler });
      const results = [gc.submit([1]), gc.submit([-1])].map(settle);
      scheduler.flush();
      expect(await Promise.all(results)).toEqual(['Refused', 'Refused']);
      expect(w.attempts).toEqual([[1, -1]]);
    });
  });
});
