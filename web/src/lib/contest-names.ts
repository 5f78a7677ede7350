import type { ContestBoard, ContestParticipant } from '@floorpulse/shared';
import { fmtCount, fmtMoney } from './format';
import { roster } from './roster-names';

/** A participant by the roster's name (people first): a team's name, an agent's. */
export const participantName = (p: ContestParticipant): string =>
  p.startsWith('team:') ? roster.teamName(p.slice(5)) : roster.name(p.slice(6));

/** A contest's value as its metric reads: revenue as money, the rest as counts. */
export const contestValue = (b: Pick<ContestBoard, 'contest'>, v: number): string =>
  b.contest.metric === 'revenue' ? fmtMoney(v) : fmtCount(v);
