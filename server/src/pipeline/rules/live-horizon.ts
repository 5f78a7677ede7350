/**
 * The live horizon (docs/rules.md, "Live horizon"): an event whose own time is more than this long
 * before now is history arriving late (a backfilled morning, a dialer's backlog, an import). It is
 * stored and counted like any other, but it opens no alert and fires no celebration: a day sent at
 * once must not flood the supervisors' inbox or the wall with things that are long over.
 * Metric rules are not affected: they judge the numbers as they are now, whatever brought them there.
 */
export function isLive(eventTs: number, now: number, horizonMs: number): boolean {
  return eventTs >= now - horizonMs;
}
