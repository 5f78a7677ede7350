import type { Celebration } from '@floorpulse/shared';
import { wordingOf } from '../alerts/alert-payloads.js';

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
    ...(c.points !== undefined ? { points: c.points } : {}),
    at: c.at,
    // Its words as data, so a zh-CN wall says it in Chinese (the detail is the server's English).
    ...(c.wording ? { wording: wordingOf(c.wording) } : {}),
  };
}
