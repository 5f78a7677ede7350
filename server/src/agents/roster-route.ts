import {
  describeIssue,
  hasRole,
  type RosterAgent,
  type RosterAnswer,
  type RosterImportAnswer,
  type RosterTeam,
  type RosterVersionsAnswer,
  rosterAgentBody,
  rosterAgentSchema,
  rosterCsv,
  rosterTeamBody,
} from '@floorpulse/shared';
import express, { Router } from 'express';
import type { Access } from '../auth/access.js';
import { requireRole } from '../http/require-role.js';
import type { AgentDirectory } from './agent-directory.js';
import type { Roster } from './roster.js';
import { parseRosterCsv, RosterCsvError } from './roster-csv.js';
import { screenAgent, screenTeam } from './roster-payload.js';

/** The "not in the roster" list a screen gets: the most recently seen; the total says how many more there are. */
const UNLISTED_SHOWN = 500;
const idParam = rosterAgentSchema.shape.id;

/**
 * The roster's HTTP API (docs/people.md, "Roster"): GET /api/v1/roster for every screen (names are on
 * the wall, a display's included); changes for an admin only, each recorded with the person who made
 * it (req.principal.by): PUT one agent or one team, POST a CSV import, GET the CSV export.
 */
export function rosterRoute(deps: { access: Access; roster: Roster; agents: AgentDirectory }): Router {
  const router = Router();
  router.get('/api/v1/roster', requireRole(deps.access, 'wall'), (req, res) => {
    // A screen gets the names it shows. Supervisors' logins (half of a sign-in) and the "not in the
    // roster" list are for supervisors and admins, not for a TV link, a kiosk token or an agent's phone.
    if (!hasRole(req.principal!.role, 'supervisor')) {
      return void res.json({
        agents: deps.roster.listAgents().map(screenAgent),
        teams: deps.roster.listTeams().map(screenTeam),
        unlisted: [],
        unlistedTotal: 0,
      } satisfies RosterAnswer);
    }
    const unlisted = deps.agents.unlisted();
    res.json({
      agents: deps.roster.listAgents(),
      teams: deps.roster.listTeams(),
      unlisted: unlisted.slice(0, UNLISTED_SHOWN),
      unlistedTotal: unlisted.length,
    } satisfies RosterAnswer);
  });

  router.put('/api/v1/roster/agents/:id', requireRole(deps.access, 'admin'), express.json({ limit: '16kb' }), async (req, res) => {
    const id = idParam.safeParse(req.params.id);
    if (!id.success) return void res.status(400).json({ error: `id: ${id.error.issues[0]?.message ?? 'invalid'}` });
    const body = rosterAgentBody.safeParse(req.body);
    if (!body.success) return void res.status(400).json({ error: describeIssue(body.error) });
    const agent: RosterAgent = { id: id.data, ...body.data };
    await deps.roster.put({ agents: [agent], teams: [] }, req.principal!.by);
    res.json(deps.roster.agent(agent.id) satisfies RosterAgent | undefined);
  });

  // The agent's history: every version kept, with its time and author (who was on which team when).
  router.get('/api/v1/roster/agents/:id/versions', requireRole(deps.access, 'admin'), async (req, res) => {
    const id = idParam.safeParse(req.params.id);
    if (!id.success) return void res.status(400).json({ error: `id: ${id.error.issues[0]?.message ?? 'invalid'}` });
    const versions = await deps.roster.versions(id.data);
    if (!versions.length) return void res.status(404).json({ error: `id: ${id.data} is not in the roster` });
    res.json({ versions } satisfies RosterVersionsAnswer);
  });

  router.put('/api/v1/roster/teams/:id', requireRole(deps.access, 'admin'), express.json({ limit: '16kb' }), async (req, res) => {
    const id = idParam.safeParse(req.params.id);
    if (!id.success) return void res.status(400).json({ error: `id: ${id.error.issues[0]?.message ?? 'invalid'}` });
    const body = rosterTeamBody.safeParse(req.body);
    if (!body.success) return void res.status(400).json({ error: describeIssue(body.error) });
    const team: RosterTeam = { id: id.data, ...body.data };
    await deps.roster.put({ agents: [], teams: [team] }, req.principal!.by);
    res.json(deps.roster.team(team.id) satisfies RosterTeam | undefined);
  });

  router.post(
    '/api/v1/roster/import',
    requireRole(deps.access, 'admin'),
    express.text({ type: ['text/csv', 'text/plain'], limit: '5mb' }),
    async (req, res) => {
      if (typeof req.body !== 'string') return void res.status(415).json({ error: 'content-type: must be text/csv' });
      let rows: ReturnType<typeof parseRosterCsv>;
      try {
        rows = parseRosterCsv(req.body);
      } catch (e) {
        if (e instanceof RosterCsvError) return void res.status(400).json({ error: e.message });
        throw e;
      }
      // The valid rows land whatever the others are; one change, so screens rename once.
      const changed = await deps.roster.put({ agents: rows.agents, teams: rows.teams }, req.principal!.by);
      const answer: RosterImportAnswer = {
        agents: rows.agents.length,
        teams: rows.teams.length,
        changed: changed.agents.length + changed.teams.length,
        rejected: rows.rejected,
      };
      // Not one valid row: a 400, with the same fields (the rejected list names each row's problem).
      if (answer.agents + answer.teams === 0) return void res.status(400).json({ error: 'csv: no valid row', ...answer });
      res.json(answer);
    },
  );

  router.get('/api/v1/roster/export.csv', requireRole(deps.access, 'admin'), (_req, res) => {
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', 'attachment; filename="roster.csv"');
    // The BOM makes Excel read UTF-8 (王芳) as UTF-8; the import skips it.
    res.send(`\uFEFF${rosterCsv(deps.roster.listAgents(), deps.roster.listTeams())}`);
  });
  return router;
}
