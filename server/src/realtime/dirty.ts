import type { Scope } from '@floorpulse/shared';

/**
 * Which scopes may have new numbers: the scopes of a batch of events, or `all` when time moved
 * (sliding windows change with the clock alone, not only with events).
 */
export interface Dirty {
  all: boolean;
  scopes: ReadonlySet<Scope>;
}

export const ALL_DIRTY: Dirty = { all: true, scopes: new Set() };

/** Union of two dirty marks: what `coalesce` folds a burst into. */
export function mergeDirty(a: Dirty, b: Dirty): Dirty {
  if (a.all || b.all) return ALL_DIRTY;
  return { all: false, scopes: new Set([...a.scopes, ...b.scopes]) };
}

export function isDirty(d: Dirty, scope: Scope): boolean {
  return d.all || d.scopes.has(scope);
}
