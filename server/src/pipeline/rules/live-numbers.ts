import type { WindowStore } from '../windows/window-store.js';
import type { HourlyCounts } from './hourly-counts.js';
import type { RuleNumbers } from './measure.js';

/** The rules read the same numbers the wall shows: the window store, plus whole hours per agent. */
export function liveNumbers(windows: WindowStore, hourly: HourlyCounts): RuleNumbers {
  return {
    range: (w, now) => windows.range(w, now),
    counts: (s, from, to) => windows.counts(s, from, to),
    hourStart: (ts) => hourly.hourStart(ts),
    hourCounts: (agentId, hour) => hourly.counts(agentId, hour),
  };
}
