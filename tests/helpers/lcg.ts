/**
 * A tiny seeded random stream for property tests: the same seed, the same sequence (the glibc LCG,
 * returned as [0, 1)). Not for anything but tests.
 */
export function lcg(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}
