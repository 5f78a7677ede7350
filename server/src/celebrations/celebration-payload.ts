import type { Celebration } from '@floorpulse/shared';

/**
 * A celebration as a screen gets it: built field by field from an allowlist, never by spreading the
 * input, so whatever the rules stage attaches later (a phone hash, a raw event) cannot reach a screen.
 */
export function screenCelebration(c: Celebration): Celebration {
  return {
    id: c.id,
    kind: c.kind,
    agentId: c.agentId,
    teamId: c.teamId,
    title: c.title,
    detail: c.detail,
    ...(c.amount !== undefined ? { amount: c.amount } : {}),
    at: c.at,
  };
}
