/** What the engine remembers of one (rule, subject). */
export interface SubjectState {
  /** When the condition started to hold, by the scheduler; null while it does not. */
  since: number | null;
  /** Fired and not yet cleared. */
  active: boolean;
  lastFiredAt: number | null;
}

export interface Timing {
  sustainMs: number;
  cooldownMs: number;
  /** Inside quiet hours nothing fires; the condition is still tracked. */
  quiet: boolean;
}

export function newState(): SubjectState {
  return { since: null, active: false, lastFiredAt: null };
}

/**
 * One step of a rule for one subject: 'fire' when the condition has held for `sustain`, is not
 * already active, the last firing is at least `cooldown` ago, and it is not quiet time; 'clear'
 * when an active condition stops holding (the alert resolves itself). Mutates `s`.
 */
export function step(s: SubjectState, holds: boolean, now: number, t: Timing): 'fire' | 'clear' | null {
  if (!holds) {
    s.since = null;
    if (!s.active) return null;
    s.active = false;
    return 'clear';
  }
  s.since ??= now;
  if (s.active || t.quiet) return null;
  if (now - s.since < t.sustainMs) return null;
  if (s.lastFiredAt !== null && now - s.lastFiredAt < t.cooldownMs) return null;
  s.active = true;
  s.lastFiredAt = now;
  return 'fire';
}
