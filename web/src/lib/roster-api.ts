import {
  type RosterAgent,
  type RosterImportAnswer,
  type RosterTeam,
  rosterAgentSchema,
  rosterImportAnswerSchema,
  rosterTeamSchema,
} from '@floorpulse/shared';
import { ApiError, api } from './api';
import { roster } from './roster-names';

/*
 * The admin's roster changes (docs/people.md, "Roster"). Each answer is applied at once; the same change
 * reaches every other screen as roster:update.
 */

export async function putAgent(a: RosterAgent): Promise<RosterAgent> {
  const { id, ...body } = a;
  const saved = await api(`/api/v1/roster/agents/${encodeURIComponent(id)}`, rosterAgentSchema, { method: 'PUT', body });
  roster.apply({ agents: [saved], teams: [] });
  return saved;
}

export async function putTeam(tm: RosterTeam): Promise<RosterTeam> {
  const { id, ...body } = tm;
  const saved = await api(`/api/v1/roster/teams/${encodeURIComponent(id)}`, rosterTeamSchema, { method: 'PUT', body });
  roster.apply({ agents: [], teams: [saved] });
  return saved;
}

/**
 * A CSV file as the server reads it: the valid rows land, each refused row comes back with its line. A
 * file with no valid row at all is a 400 carrying the same answer, which is what the page shows then.
 */
export async function importCsv(text: string): Promise<RosterImportAnswer> {
  try {
    return await api('/api/v1/roster/import', rosterImportAnswerSchema, { method: 'POST', body: text, contentType: 'text/csv' });
  } catch (e) {
    const answer = e instanceof ApiError ? rosterImportAnswerSchema.safeParse(e.answer) : null;
    if (answer?.success) return answer.data;
    throw e;
  }
}
