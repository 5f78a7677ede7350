/**
 * Resolves with the first value `read` gives that is neither null nor undefined, polling every
 * `everyMs`; fails naming `what` after `ms`. For state another process or the rules stage reaches
 * in its own time (an alert opened, a peer's count, an engine back).
 */
export async function eventually<T>(what: string, read: () => Promise<T | null | undefined>, ms = 5000, everyMs = 25): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (v !== null && v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
