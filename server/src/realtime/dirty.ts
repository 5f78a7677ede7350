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

export function isDirty(d: Dirty, scope: Scope): boolean {
  return d.all || d.scopes.has(scope);
}
