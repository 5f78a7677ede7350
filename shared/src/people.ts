import { z } from 'zod';
import { toCsv } from './csv.js';
import { type Channel, wellFormedText } from './events.js';
import { isoTime } from './time.js';

/**
 * The people of a floor: the roster (agents and robot lines, teams) and the users who sign in
 * (docs/people.md). Ids are the ones the dialers send (agentId, teamId); names are for screens.
 */

/** A person's role when signed in. Machine tokens keep their own roles (ingest, viewer, …: roles.ts). */
export const PERSON_ROLES = ['agent', 'supervisor', 'analyst', 'admin'] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];

const name = wellFormedText(80).trim().min(1, 'must not be empty');
const rosterId = wellFormedText(64).min(1, 'must not be empty');
const login = z
  .string()
  .trim()
  .min(2, 'must be at least 2 characters')
  .max(64, 'must be at most 64 characters')
  .regex(/^[A-Za-z0-9._@-]+$/, 'letters, digits and . _ @ - only');

export interface RosterAgent {
  id: string;
  /** In any script: 王芳, Li Wei. */
  name: string;
  teamId: string;
  channel: Channel;
  /** The login of the supervisor who looks after this agent, if one is named. */
  supervisor?: string | undefined;
  active: boolean;
}

export interface RosterTeam {
  id: string;
  name: string;
  /** IANA zone of the team's floor: its day, its calling hours. */
  timeZone: string;
  /** Logins of the supervisors who look after the team. */
  supervisors: string[];
  /**
   * When the team's shift ends, local "HH:MM" (24-hour) in `timeZone`; '' or absent: not configured.
   * After it /me shows the day's summary (docs/people.md). A change that leaves it out keeps the stored one.
   */
  shiftEnd?: string | undefined;
}

export const rosterAgentSchema = z.object({
  id: rosterId,
  name,
  teamId: rosterId,
  channel: z.enum(['human', 'robot']),
  supervisor: login.optional(),
  active: z.boolean(),
}) satisfies z.ZodType<RosterAgent>;

export const rosterTeamSchema = z.object({
  id: rosterId,
  name,
  timeZone: z.string().min(1).refine(isTimeZone, 'must be an IANA time zone such as Asia/Shanghai'),
  supervisors: z.array(login).max(50),
  shiftEnd: z
    .string()
    .regex(/^(([01]\d|2[0-3]):[0-5]\d)?$/, 'must be a time HH:MM (24-hour), such as 18:00, or empty')
    .optional(),
}) satisfies z.ZodType<RosterTeam>;

/** PUT /api/v1/roster/agents/:id and /teams/:id: everything but the id, which is the path's. */
export const rosterAgentBody = rosterAgentSchema.omit({ id: true }).strict();
export const rosterTeamBody = rosterTeamSchema.omit({ id: true }).strict();
export type RosterAgentBody = z.infer<typeof rosterAgentBody>;
export type RosterTeamBody = z.infer<typeof rosterTeamBody>;

/**
 * One stored version of an agent (GET /api/v1/roster/agents/:id/versions, oldest first): the agent as it
 * was from `at`, and who made the change (a login, or a token's role). Who was on which team when.
 */
export interface RosterAgentVersion extends RosterAgent {
  at: string;
  by: string;
}
export interface RosterVersionsAnswer {
  versions: RosterAgentVersion[];
}
export const rosterVersionsAnswerSchema = z.object({
  versions: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      teamId: z.string(),
      channel: z.enum(['human', 'robot']),
      supervisor: z.string().optional(),
      active: z.boolean(),
      at: isoTime,
      by: z.string(),
    }),
  ),
}) satisfies z.ZodType<RosterVersionsAnswer>;

/** An agent seen in events but not in the roster: counted like any other, shown by id. */
export interface UnlistedAgent {
  id: string;
  teamId: string;
  /** The channel of its latest dial; null when it never dialled. */
  channel: Channel | null;
  lastSeen: string;
}
const unlistedAgentSchema = z.object({
  id: z.string(),
  teamId: z.string(),
  channel: z.enum(['human', 'robot']).nullable(),
  lastSeen: isoTime,
}) satisfies z.ZodType<UnlistedAgent>;

/**
 * GET /api/v1/roster (any screen: every signed-in role and every display). `unlisted`: agents seen in
 * events but not in the roster, the most recently seen first, at most 500 of them; `unlistedTotal` counts all.
 */
export interface RosterAnswer {
  agents: RosterAgent[];
  teams: RosterTeam[];
  unlisted: UnlistedAgent[];
  unlistedTotal: number;
}
export const rosterAnswerSchema = z.object({
  agents: z.array(rosterAgentSchema),
  teams: z.array(rosterTeamSchema),
  unlisted: z.array(unlistedAgentSchema),
  unlistedTotal: z.number().int().min(0),
}) satisfies z.ZodType<RosterAnswer>;

/**
 * What changed in the roster, pushed to every open screen as `roster:update` (the agents and teams as
 * they now are), so names change without a reload.
 */
export interface RosterChange {
  agents: RosterAgent[];
  teams: RosterTeam[];
}
export const rosterChangeSchema = z.object({
  agents: z.array(rosterAgentSchema),
  teams: z.array(rosterTeamSchema),
}) satisfies z.ZodType<RosterChange>;

/**
 * POST /api/v1/roster/import (text/csv): the valid rows land, each refused row is named by its line and
 * field. `agents`/`teams`: the valid rows of each kind; `changed`: how many of them differed from the
 * roster and were written (a row equal to its current version is not written again).
 */
export interface RosterImportAnswer {
  agents: number;
  teams: number;
  changed: number;
  rejected: { line: number; error: string }[];
}
export const rosterImportAnswerSchema = z.object({
  agents: z.number().int(),
  teams: z.number().int(),
  changed: z.number().int(),
  rejected: z.array(z.object({ line: z.number().int(), error: z.string() })),
}) satisfies z.ZodType<RosterImportAnswer>;

/**
 * The roster as one CSV (docs/people.md, "Roster"): a row per team and per agent, told apart by `kind`;
 * `status` active|left, `supervisors` logins separated by spaces. What GET /api/v1/roster/export.csv
 * and the admin page's export write, and what POST /api/v1/roster/import reads back.
 */
export const ROSTER_CSV_COLUMNS = [
  'kind',
  'id',
  'name',
  'team',
  'channel',
  'supervisor',
  'status',
  'time_zone',
  'supervisors',
  // A team's shift end, HH:MM: a file without the column keeps each team's (docs/people.md, "CSV").
  'shift_end',
] as const;
export type RosterCsvColumn = (typeof ROSTER_CSV_COLUMNS)[number];

/** The roster as that CSV, formulas neutralised by the shared writer (csv.ts). */
export function rosterCsv(agents: readonly RosterAgent[], teams: readonly RosterTeam[]): string {
  const rows = [
    ...teams.map((t) => ['team', t.id, t.name, '', '', '', '', t.timeZone, t.supervisors.join(' '), t.shiftEnd ?? '']),
    ...agents.map((a) => ['agent', a.id, a.name, a.teamId, a.channel, a.supervisor ?? '', a.active ? 'active' : 'left', '', '', '']),
  ];
  return toCsv(ROSTER_CSV_COLUMNS, rows);
}

/** A user as the server shows it: never a password or its hash. */
export interface User {
  login: string;
  name: string;
  role: PersonRole;
  /** Teams a supervisor looks after (their default view). */
  teams: string[];
  /** The roster agent this user is (an agent's own screen, /me). */
  agentId?: string | undefined;
  active: boolean;
}
export const userSchema = z.object({
  login,
  name,
  role: z.enum(PERSON_ROLES),
  teams: z.array(rosterId).max(200),
  agentId: rosterId.optional(),
  active: z.boolean(),
}) satisfies z.ZodType<User>;

/** PUT /api/v1/users/:login: the user without its login, and a new password when one is set. */
export const userBody = userSchema
  .omit({ login: true })
  .extend({ password: z.string().min(10, 'must be at least 10 characters').max(200).optional() })
  .strict();
export type UserBody = z.infer<typeof userBody>;
export const usersAnswerSchema = z.object({ users: z.array(userSchema) });
export type UsersAnswer = z.infer<typeof usersAnswerSchema>;

/** POST /api/v1/session. */
export const signInBody = z.object({ login: z.string().min(1).max(64), password: z.string().min(1).max(200) }).strict();
export type SignInBody = z.infer<typeof signInBody>;

/** The signed-in person and the token every state-changing request carries back (x-csrf-token). */
export interface SessionAnswer {
  user: User;
  csrf: string;
  expiresAt: string;
}
export const sessionAnswerSchema = z.object({
  user: userSchema,
  csrf: z.string().min(16),
  expiresAt: isoTime,
}) satisfies z.ZodType<SessionAnswer>;

/** A TV's display link: what it shows; its secret is in its URL and shown once, at creation. */
export interface DisplayLink {
  id: string;
  name: string;
  scope: string;
  /** Seconds between the wall's views; 0: no rotation. */
  rotate: number;
  lang: 'en' | 'zh-CN';
  /** Origins that may frame this wall (a signage player); empty: none. */
  frameAncestors: string[];
  createdAt: string;
  createdBy: string;
  revokedAt?: string | undefined;
}
export const displayLinkSchema = z.object({
  id: z.string(),
  name,
  scope: z.string(),
  rotate: z.number().int().min(0).max(3600),
  lang: z.enum(['en', 'zh-CN']),
  frameAncestors: z.array(z.string()),
  createdAt: isoTime,
  createdBy: z.string(),
  revokedAt: isoTime.optional(),
}) satisfies z.ZodType<DisplayLink>;

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** POST /api/v1/displays: a new link (the id, times and author are the server's). */
export const displayLinkBody = z
  .object({
    name,
    scope: z
      .string()
      .regex(
        /^(floor|team:[^\s]{1,64}|agent:[^\s]{1,64}|channel:(human|robot))$/,
        'must be floor, team:<id>, agent:<id> or channel:human|robot',
      ),
    rotate: z.number().int().min(0).max(3600).default(0),
    lang: z.enum(['en', 'zh-CN']).default('zh-CN'),
    /** Origins such as https://signage.example.com that may frame this wall. */
    frameAncestors: z
      .array(z.string().regex(/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/, 'must be an origin such as https://signage.example.com'))
      .max(10)
      .default([]),
  })
  .strict();
export type DisplayLinkBody = z.infer<typeof displayLinkBody>;

/** The answer to creating a link: its secret, shown this once, and the URL a TV opens. */
export interface DisplayCreatedAnswer {
  link: DisplayLink;
  secret: string;
  /** Path and query of the wall (the host is the browser's): /wall?display=<secret>. */
  path: string;
}
export const displayCreatedAnswerSchema = z.object({
  link: displayLinkSchema,
  secret: z.string(),
  path: z.string(),
}) satisfies z.ZodType<DisplayCreatedAnswer>;
export const displaysAnswerSchema = z.object({ displays: z.array(displayLinkSchema) });
export type DisplaysAnswer = z.infer<typeof displaysAnswerSchema>;
