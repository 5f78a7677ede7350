import type { ClickHouseClient } from '@clickhouse/client';
import type { AlertChange, Celebration, MyPoints, RosterTeam } from '@floorpulse/shared';
import type { Router } from 'express';
import type { Observable, SchedulerLike } from 'rxjs';
import type { AgentDirectory } from '../agents/agent-directory.js';
import type { AlertService } from '../alerts/alert-service.js';
import type { Access } from '../auth/access.js';
import { parseCallHours } from '../compliance/compliance-checks.js';
import type { GoalsService } from '../goals/goals-service.js';
import type { IngestService } from '../ingest/ingest-service.js';
import type { UserDirectory } from '../people/user-directory.js';
import type { WindowStore } from '../pipeline/windows/window-store.js';
import type { ScreenFeature } from '../realtime/screen-feature.js';
import type { RuleBook } from '../rules/rule-book.js';
import { HelpService } from './help-service.js';
import { meFeed } from './me-feed.js';
import { meRoute } from './me-route.js';
import { MeService } from './me-service.js';
import { Recognition } from './recognition.js';
import type { SuggestionBook } from './suggestions.js';

/** 5 s: the alert opens within milliseconds of the stored event; past this the help rule did not fire. */
const HELP_WAIT_MS = 5000;

export interface MeDeps {
  access: Access;
  client: ClickHouseClient;
  windows: WindowStore;
  agents: AgentDirectory;
  users: UserDirectory;
  rules: RuleBook;
  goals: GoalsService;
  alerts: AlertService;
  ingest: IngestService;
  alerts$: Observable<AlertChange>;
  celebrations$: Observable<Celebration>;
  zone: string;
  /** CALL_HOURS: goals are paced over the calling hours. */
  callHours: string;
  scheduler: SchedulerLike;
  /** The suggestion rules (loadSuggestionBook, from the app root's server/src/me/suggestions.json). */
  book: SuggestionBook;
  /** A roster team (its shift end and zone: the day's summary, docs/people.md). */
  team: (id: string) => RosterTeam | undefined;
  /** Today's points on /me (server/src/points/). */
  points?: { mine(agentId: string, now: number): MyPoints } | undefined;
}

/** The agent's own screen, /me: its route and its part of the screens' socket (docs/people.md, "The agent's page"). */
export function createMe(d: MeDeps): { route: Router; feature: ScreenFeature } {
  const recognition = new Recognition({ client: d.client, goals: d.goals, zone: d.zone });
  const me = new MeService({
    windows: d.windows,
    agents: d.agents,
    goals: d.goals,
    recognition,
    book: d.book,
    callHours: parseCallHours(d.callHours),
    zone: d.zone,
    scheduler: d.scheduler,
    shiftOf: (teamId) => {
      const team = d.team(teamId);
      return team?.shiftEnd ? { end: team.shiftEnd, zone: team.timeZone } : undefined;
    },
    points: d.points,
  });
  const help = new HelpService({
    ingest: d.ingest,
    alerts: d.alerts,
    alerts$: d.alerts$,
    isHelp: (ruleId) => d.rules.get(ruleId)?.trigger === 'help',
    nameOf: (by) => d.users.get(by)?.name ?? null,
    agentOf: (login) => d.users.get(login)?.agentId,
    teamOf: d.agents.teamOf,
    client: d.client,
    scheduler: d.scheduler,
    zone: d.zone,
    waitMs: HELP_WAIT_MS,
  });
  const loginsOf = (agentId: string) =>
    d.users
      .list()
      .filter((u) => u.active && u.role === 'agent' && u.agentId === agentId)
      .map((u) => u.login);
  return {
    route: meRoute({ access: d.access, me, help }),
    feature: meFeed({ me, help, recognition, alerts$: d.alerts$, celebrations$: d.celebrations$, loginsOf, teamOf: d.agents.teamOf }),
  };
}
