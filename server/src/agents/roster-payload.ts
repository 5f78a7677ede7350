import type { RosterAgent, RosterChange, RosterTeam } from '@floorpulse/shared';

/*
 * What of the roster a screen below supervisor gets (a TV's display link, a kiosk token, an agent's
 * phone): the names it shows, not the supervisors' logins (half of a sign-in). Built field by field, as
 * the alert payloads are, so a field added to the roster later is not sent by mistake.
 */

export const screenAgent = (a: RosterAgent): RosterAgent => ({
  id: a.id,
  name: a.name,
  teamId: a.teamId,
  channel: a.channel,
  active: a.active,
});
export const screenTeam = (t: RosterTeam): RosterTeam => ({ id: t.id, name: t.name, timeZone: t.timeZone, supervisors: [] });
export const screenChange = (c: RosterChange): RosterChange => ({ agents: c.agents.map(screenAgent), teams: c.teams.map(screenTeam) });
