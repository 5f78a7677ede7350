import type { Contest, ContestParticipant, ContestStanding, ContestStatus, StoredEvent } from '@floorpulse/shared';
import type { Thresholds } from '../pipeline/windows/contribution.js';

/**
 * What one event adds to a contest (docs/rules.md, "Contests"): the participant it counts for and by how
 * much, or null. The same definitions as docs/metrics.md and contest-sql.ts; robot lines never count (a
 * robot line does not win as a person, and a team's race is its people's).
 */
export function contestPoint(
  e: StoredEvent,
  c: Pick<Contest, 'kind' | 'metric' | 'participants'> & { fromMs: number; toMs: number },
  ids: ReadonlySet<string>,
  t: Thresholds,
): { participant: ContestParticipant; value: number } | null {
  if (e.ts < c.fromMs || e.ts >= c.toMs) return null;
  if ('channel' in e && e.channel === 'robot') return null;
  const value = metricValue(e, c.metric, t);
  if (value === null) return null;
  const participant: ContestParticipant = byTeam(c) ? `team:${e.teamId}` : `agent:${e.agentId}`;
  return ids.has(participant) ? { participant, value } : null;
}

/** Whether a contest's participants are teams (team against team, or a team race to a target). */
export const byTeam = (c: Pick<Contest, 'participants'>): boolean => c.participants[0]?.startsWith('team:') ?? false;

function metricValue(e: StoredEvent, metric: Contest['metric'], t: Thresholds): number | null {
  switch (metric) {
    case 'answered':
      return e.type === 'call.answered' ? 1 : null;
    case 'effective':
      return e.type === 'call.ended' && e.answered && e.talkSeconds >= t.effectiveSeconds ? 1 : null;
    case 'sales':
    case 'revenue':
    case 'hotLeadSales': {
      if (e.type !== 'call.outcome' || e.outcome !== 'sale') return null;
      if (metric === 'hotLeadSales' && !e.leadCallId) return null;
      // A sale without an amount adds 0 to revenue, as in docs/metrics.md.
      return metric === 'revenue' ? (e.amount ?? 0) : 1;
    }
  }
}

/**
 * The winners of a set of standings (docs/rules.md, "Contests — ties"). Most: the highest value, every
 * participant with it sharing the win; first to N: the earliest to reach it, sharing a tie to the
 * millisecond. Nobody wins with 0, or a target nobody reached.
 */
export function winnersOf(c: Pick<Contest, 'kind'>, standings: readonly ContestStanding[]): ContestParticipant[] {
  if (c.kind === 'target') {
    const reached = standings.filter((s) => s.reachedAt !== undefined);
    const first = Math.min(...reached.map((s) => Date.parse(s.reachedAt!)));
    return reached.filter((s) => Date.parse(s.reachedAt!) === first).map((s) => s.participant);
  }
  const top = Math.max(0, ...standings.map((s) => s.value));
  return top > 0 ? standings.filter((s) => s.value === top).map((s) => s.participant) : [];
}

/** Where a contest stands at `now` (decided is known from its stored result). */
export function statusAt(c: Contest, now: number, decided: boolean): ContestStatus {
  if (c.cancelledAt) return 'cancelled';
  if (decided) return 'decided';
  return now < Date.parse(c.from) ? 'scheduled' : 'running';
}

/** Every participant, in the contest's order, with 0 for one that has not scored (a standing is never missing). */
export function fullStandings(c: Pick<Contest, 'participants'>, got: readonly ContestStanding[]): ContestStanding[] {
  const by = new Map(got.map((s) => [s.participant, s]));
  return c.participants.map((p) => by.get(p) ?? { participant: p, value: 0 });
}
