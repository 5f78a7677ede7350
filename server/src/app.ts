import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AlertChange, Celebration, RosterChange } from '@floorpulse/shared';
import express from 'express';
import { type Logger, pino } from 'pino';
import { interval, merge, type SchedulerLike, Subject, Subscription } from 'rxjs';
import { Server as IoServer } from 'socket.io';
import { agentBoardFeed } from './agent-board/agent-board-feed.js';
import { agentCallsRoute } from './agent-board/agent-calls-route.js';
import { AgentStates } from './agent-board/agent-states.js';
import { AgentDirectory } from './agents/agent-directory.js';
import { loadAgents } from './agents/agents-repo.js';
import { Roster } from './agents/roster.js';
import { rosterFeed } from './agents/roster-feed.js';
import { rosterRoute } from './agents/roster-route.js';
import { alertsFeed } from './alerts/alerts-feed.js';
import { alertsRoute } from './alerts/alerts-route.js';
import { AnalystSql } from './analyst/analyst-sql.js';
import { createAnalystViews } from './analyst/analyst-views.js';
import { writeFloorSettings } from './analyst/floor-settings.js';
import { sqlRoute } from './analyst/sql-route.js';
import { Access } from './auth/access.js';
import { SessionCodec } from './auth/sessions.js';
import { keepFirstAdminPassword, loadSecrets, type Secrets } from './auth/tokens.js';
import { recordingRoute } from './calls/recording-route.js';
import { celebrationsFeed } from './celebrations/celebrations-feed.js';
import { startCluster } from './cluster/index.js';
import { CHECK_COUNTS_FLUSH_MS, CheckCounts } from './compliance/check-counts.js';
import { insertCheckCounts } from './compliance/check-counts-repo.js';
import { checkCountsRoute } from './compliance/check-counts-route.js';
import { parseCallHours } from './compliance/compliance-checks.js';
import { createCompliance } from './compliance/compliance-stage.js';
import { preDialCheckRoute } from './compliance/pre-dial-check.js';
import { assetPath } from './config/app-root.js';
import type { Config } from './config/config.js';
import { createContests } from './contests/index.js';
import { emptyMapping, loadMapping } from './dialers/mapping-file.js';
import { DisplayDirectory } from './displays/display-directory.js';
import { displayFraming } from './displays/display-framing.js';
import { displaysRoute } from './displays/displays-route.js';
import { goalsFeed } from './goals/goals-feed.js';
import { goalsRoute } from './goals/goals-route.js';
import type { GoalsView } from './goals/goals-service.js';
import { historyRoute } from './history/history-route.js';
import { responseTimesRoute } from './history/response-times-route.js';
import { loadHookSpecs } from './hooks/hook-spec.js';
import { hooksRoute, parseHookSecrets } from './hooks/hooks-route.js';
import { type DirectRoute, directRoutes } from './http/direct-routes.js';
import { drainable } from './http/drain.js';
import { errorHandler } from './http/errors.js';
import { eventsRoute } from './http/events-route.js';
import { healthRoute } from './http/health-route.js';
import { appVersion, floorTargets, metaRoute } from './http/meta-route.js';
import { ratesRoute } from './http/rates-route.js';
import { securityHeaders } from './http/security-headers.js';
import { staticRoute } from './http/static-route.js';
import { createIngest } from './ingest/create-ingest.js';
import type { IngestService } from './ingest/ingest-service.js';
import { authFailureGate } from './limits/http-gates.js';
import { openRateLimits } from './limits/rate-limits.js';
import { createMe } from './me/index.js';
import { loadSuggestionBook } from './me/suggestions.js';
import { opsRoutes } from './ops/ops-routes.js';
import { ensureFirstAdmin } from './people/first-admin.js';
import { sessionRoute } from './people/session-route.js';
import { UserDirectory } from './people/user-directory.js';
import { usersRoute } from './people/users-route.js';
import type { Thresholds } from './pipeline/windows/contribution.js';
import { rollingWindows, type WindowsChange } from './pipeline/windows/rolling-windows.js';
import { WindowStore } from './pipeline/windows/window-store.js';
import { createPoints } from './points/index.js';
import { attachRealtime, type FloorIo, ioOptions } from './realtime/index.js';
import { reportsRoute } from './reports/reports-route.js';
import { defaultRules } from './rules/rule-book.js';
import { rulesRoute } from './rules/rules-route.js';
import { startRulesStage } from './rules/rules-stage.js';
import { createScores } from './scores/index.js';
import type { Store } from './storage/clickhouse.js';
import { followUpDialsSince, loadRecentIds } from './storage/events-repo.js';
import { checkIntegrity, type IntegrityReport, integrityHeartbeat } from './storage/integrity/integrity.js';
import { migrate } from './storage/migrate.js';
import { rebuildWindows } from './storage/windows-rebuild.js';

/** 10 s buckets: the widest edge alignment the rates contract allows, and 360 buckets an hour. */
export const BUCKET_MS = 10_000;
/** With several processes, users, display links and the roster are re-read this often (docs/people.md). */
const PEOPLE_REFRESH_MS = 10_000;

export interface AppDeps {
  config: Config;
  store: Store;
  /** The clock: every time-based part reads it (tests pass a virtual or fixed one). */
  scheduler: SchedulerLike;
  logger?: Logger;
  /**
   * The goal progress the screens read, in place of the goals service's; null: none, so goals:subscribe
   * answers 'unavailable'. Production leaves it out; a test passes its own (docs/realtime.md).
   */
  goalsView?: GoalsView | null;
}

/** Built once and fixed: a dependency is replaced by passing it to createApp, never by assigning a field. */
export interface App {
  /** The express app (its router stack lists every route: the auth matrix test enumerates them). */
  readonly web: express.Express;
  /** The routes served ahead of Express (http/direct-routes.ts): the auth matrix test asks them too. */
  readonly direct: readonly DirectRoute[];
  readonly io: FloorIo;
  readonly secrets: Secrets;
  readonly windows: WindowStore;
  readonly ingest: IngestService;
  /** Alert openings and transitions, for the screens (the rules stage feeds it). */
  readonly alerts$: Subject<AlertChange>;
  /** Celebrations, each id once (the rules stage feeds it). */
  readonly celebrations$: Subject<Celebration>;
  readonly log: Logger;
  listen(port: number, host?: string): Promise<AddressInfo>;
  close(): Promise<void>;
}

/** The composition root: builds every stage and wires them; only main.ts passes real dependencies. */
export async function createApp({ config, store, scheduler, logger, goalsView }: AppDeps): Promise<App> {
  const log = logger ?? pino({ level: config.LOG_LEVEL });
  const secrets = loadSecrets(config);
  await migrate(store.client, config.RETENTION_DAYS, scheduler.now(), config.APP_ROOT);
  await createAnalystViews(store.client, config.CLICKHOUSE_DATABASE, store.analystDatabase);
  await writeFloorSettings(store.client, { floorTz: config.FLOOR_TZ }, scheduler.now());
  // Before anything reads or writes: missing parts, a changed phone key and agent_minute drift (docs/operations.md).
  const integrity: IntegrityReport = await checkIntegrity({
    client: store.client,
    database: config.CLICKHOUSE_DATABASE,
    phoneHashSecret: secrets.phoneHashSecret,
    acceptNewPhoneKey: config.ACCEPT_NEW_PHONE_HASH_KEY === 'yes',
    scheduler,
    log,
  });

  const thresholds: Thresholds = { earlyHangupSeconds: config.EARLY_HANGUP_SECONDS, effectiveSeconds: config.EFFECTIVE_SECONDS };
  const windows = new WindowStore({ bucketMs: BUCKET_MS, zone: config.FLOOR_TZ });
  // The roster: names, teams and their zones, people or robot lines (docs/people.md, "Roster").
  const rosterChanges$ = new Subject<RosterChange>();
  const roster = new Roster({ client: store.client, scheduler, changes: rosterChanges$ });
  await roster.refresh();
  const compliance = createCompliance(config, scheduler, (teamId) => roster.team(teamId)?.timeZone);
  // Who each agent is (team, channel, robot line, name): one directory for ingest, rules and realtime.
  const agents = new AgentDirectory(roster);
  agents.seed(await loadAgents(store.client));
  // People: who signs in, the TVs' display links, and who is asking on every request (docs/people.md).
  const users = new UserDirectory({ client: store.client, scheduler });
  const displays = new DisplayDirectory({ client: store.client, scheduler });
  await Promise.all([users.refresh(), displays.refresh()]);
  await ensureFirstAdmin({
    users,
    login: config.ADMIN_LOGIN,
    password: config.ADMIN_PASSWORD,
    log,
    keepGenerated: (password) => keepFirstAdminPassword(config, password),
  });
  const sessions = new SessionCodec(secrets.sessionSecret);
  const access = new Access({ tokens: secrets.tokens, sessions, users, displays, agents, scheduler });
  const limits = await openRateLimits({ config, isKnown: (c) => access.isKnown(c), log });
  const { ingest, phoneHasher, phoneMasker } = await createIngest({
    config,
    store,
    secrets,
    scheduler,
    deriveFlags: compliance.deriveFlags,
    agents,
    onWriteError: (err) => log.error({ err }, 'clickhouse write failed'),
  });

  // Several processes, one floor (REDIS_URL): the other processes' stored batches join ours; claims make side effects happen once.
  const cluster = await startCluster({ config, ingest, compliance, log });
  // Restart keeps every window: rebuild from ClickHouse, not from empty.
  const now = scheduler.now();
  ingest.rememberStored(await loadRecentIds(store.client, ingest.idsKeptFrom(now)), now);
  // 4 h: longer than any call lasts from its dial to its outcome; older follow-ups are done (docs/metrics.md, "Hot leads").
  ingest.learnDials(await followUpDialsSince(store.client, now - 4 * 3_600_000));
  const rebuilt = await rebuildWindows({ client: store.client, windows, thresholds, zone: config.FLOOR_TZ, now });
  log.info(rebuilt, 'live windows rebuilt from ClickHouse');
  // The supervisors' agents table: each agent's latest state today, from ClickHouse, then live (agent-board/).
  const agentStates = new AgentStates();
  await agentStates.seed(store.client, windows.range('today', now).from);

  const changes$ = new Subject<WindowsChange>();
  const subscriptions = new Subscription();
  // First: every later consumer of a batch (windows, rules, screens) finds its agents' teams in the directory.
  subscriptions.add(cluster.stored$.subscribe((batch) => agents.noteStored(batch)));
  subscriptions.add(cluster.stored$.pipe(rollingWindows({ store: windows, thresholds, scheduler })).subscribe(changes$));
  subscriptions.add(integrityHeartbeat({ client: store.client, scheduler, log }));
  // Several processes: a user disabled, a session signed out, a display revoked or a roster change on one
  // reaches the others within 10 s (the screens got the roster change at once, through the Redis adapter).
  if (config.REDIS_URL) {
    subscriptions.add(
      interval(PEOPLE_REFRESH_MS, scheduler).subscribe(() => {
        Promise.all([users.refresh(), displays.refresh(), roster.refresh()]).catch((err: unknown) =>
          log.warn({ err }, 'people: refresh from ClickHouse failed'),
        );
      }),
    );
  }
  const alerts$ = new Subject<AlertChange>();
  const celebrations$ = new Subject<Celebration>();
  // [stages] rules, realtime and operations are wired below this line.
  await compliance.load(store.client);
  const rules = await startRulesStage({
    client: store.client,
    scheduler,
    windows,
    stored$: cluster.stored$,
    claims: cluster.claims,
    peers: cluster.alertPeers,
    agents,
    alerts$,
    celebrations$,
    zone: config.FLOOR_TZ,
    thresholds,
    log,
    maskNote: phoneMasker.text,
    defaults: defaultRules(config.APP_ROOT),
    personName: (login) => users.get(login)?.name,
    liveHorizonMs: config.LIVE_HORIZON_MINUTES * 60_000,
    goalCalendar: { workingDays: config.WORKING_DAYS, callHours: parseCallHours(config.CALL_HOURS) },
  });
  subscriptions.add(rules.subscription);
  // Contests: counted live from the stored batches, decided and announced once (docs/rules.md, "Contests").
  const contests = await createContests({
    client: store.client,
    scheduler,
    thresholds,
    access,
    roster,
    agents,
    stored$: cluster.stored$,
    celebrations$,
    claims: cluster.claims,
    refreshMs: config.REDIS_URL ? PEOPLE_REFRESH_MS : null,
    maskText: phoneMasker.text,
    log,
  });
  subscriptions.add(contests.subscription);
  // Points: after the rules stage, so its goals and violation index have seen each batch (server/src/points/).
  const points = await createPoints({
    access,
    client: store.client,
    scheduler,
    stored$: cluster.stored$,
    violations: rules.violations,
    agents,
    goals: rules.goals,
    teamZone: (teamId) => roster.team(teamId)?.timeZone,
    effectiveSeconds: config.EFFECTIVE_SECONDS,
    zone: config.FLOOR_TZ,
    log,
    celebrate: (c, ruleId) => rules.celebrations.fire(c, ruleId),
  });
  subscriptions.add(points.subscription);

  const web = express();
  web.disable('x-powered-by');
  // First, so every answer carries them (a 503 while draining, a 404 too). Framing: refused, but for a display
  // link's wall by the origins its admin named (displays/display-framing.ts).
  const headers = securityHeaders({ framing: displayFraming(displays) });
  web.use(headers);
  const draining = drainable();
  web.use(draining.middleware);
  web.use(healthRoute({ client: store.client, up: () => store.up(), integrity }));
  const ops = opsRoutes({ config, secrets, client: store.client, ingest, windows, scheduler, integrity, access });
  // The vendors' webhooks before the gate: their Authorization is a vendor's proof (Vonage's JWT), not a token
  // of ours, which the gate would count as a failed guess. The hooks count their own wrong proofs in the same budget.
  web.use(
    hooksRoute({
      specs: loadHookSpecs(config.APP_ROOT),
      secrets: parseHookSecrets(config.HOOK_SECRETS),
      publicUrl: config.HOOKS_PUBLIC_URL,
      mapping: config.DIALER_MAPPING ? loadMapping(config.DIALER_MAPPING) : emptyMapping(),
      ingest,
      integrity,
      scheduler,
      registry: ops.metrics.registry,
      failures: limits.authFailures,
    }),
  );
  // After the probes, before every other route: an address past AUTH_FAILURE_LIMIT is refused (limits/auth-failures.ts).
  const failureGate = authFailureGate(limits.authFailures);
  web.use(failureGate);
  web.use(eventsRoute({ access, ingest, bodyLimitMb: config.BODY_LIMIT_MB, integrity }));
  web.use(ratesRoute({ access, windows, scheduler }));
  // [routes] further API routes are mounted below this line.
  web.use(
    alertsRoute({ access, alerts: rules.alerts }),
    goalsRoute({ access, goals: rules.goals }),
    points.route,
    rulesRoute({
      access,
      rules: rules.rules,
      client: store.client,
      scheduler,
      zone: config.FLOOR_TZ,
      thresholds,
      bucketMs: BUCKET_MS,
      roster,
    }),
  );
  // The weighted scores, star of the week, champions and the honour roll (docs/metrics.md, "Weighted scores").
  const scores = await createScores({
    config,
    access,
    client: store.client,
    agents,
    roster,
    goals: rules.goals,
    scheduler,
    celebrations$,
    claims: cluster.claims,
    log,
  });
  web.use(scores.route);
  subscriptions.add(scores.subscription);
  web.use(ops.router);
  web.use(contests.route);
  // The agent's own screen: its numbers, goals and the help button (docs/people.md, "The agent's page").
  const me = createMe({
    book: loadSuggestionBook(config.APP_ROOT),
    access,
    client: store.client,
    windows,
    agents,
    users,
    rules: rules.rules,
    goals: rules.goals,
    alerts: rules.alerts,
    ingest,
    alerts$,
    celebrations$,
    zone: config.FLOOR_TZ,
    callHours: config.CALL_HOURS,
    scheduler,
    team: (id) => roster.team(id),
    points: points.ledger,
  });
  // The pre-dial checks counted per minute and team, written every 5 s (docs/metrics.md, "Dials stopped by the pre-dial check").
  const checkCounts = new CheckCounts({
    scheduler,
    write: (rows) => insertCheckCounts(store.client, rows),
    onError: (err) => log.warn({ err }, 'pre-dial check counts: insert failed, kept for the next flush'),
  });
  web.use(
    checkCountsRoute({
      access,
      client: store.client,
      counts: checkCounts,
      flushMs: CHECK_COUNTS_FLUSH_MS,
      scheduler,
      tz: config.FLOOR_TZ,
      teamName: (id) => roster.team(id)?.name,
    }),
  );
  // The dialers' own door, after ops: it counts into its registry. Served ahead of Express (below).
  const preDialCheck = preDialCheckRoute({
    access,
    compliance,
    hashPhone: phoneHasher.hash,
    phoneRegion: config.PHONE_REGION,
    frequencyCap: config.FREQUENCY_CAP,
    scheduler,
    registry: ops.metrics.registry,
    counts: checkCounts,
  });
  const analystSql = store.analyst ? new AnalystSql({ analyst: store.analyst, app: store.client }) : null;
  // What the web pages need: meta, the history charts, the SQL box, then the built web itself.
  web.use(
    sessionRoute({ access, users, sessions, failures: limits.authFailures, scheduler, secureCookie: config.COOKIE_SECURE === 'yes' }),
    usersRoute({ access, users }),
    displaysRoute({ access, displays }),
    me.route,
    rosterRoute({ access, roster, agents }),
  );
  web.use(
    metaRoute({
      access,
      floorTz: config.FLOOR_TZ,
      demo: config.DEMO === 'on',
      version: appVersion(config.APP_ROOT),
      targets: floorTargets(config),
      currency: config.CURRENCY,
      celebrationShare: config.CELEBRATION_MINUTE_SHARE,
    }),
    historyRoute({ access, client: store.client, scheduler, tz: config.FLOOR_TZ, ...thresholds }),
    recordingRoute({ access, client: store.client }),
    agentCallsRoute({ access, client: store.client, scheduler }),
    responseTimesRoute({
      access,
      client: store.client,
      scheduler,
      tz: config.FLOOR_TZ,
      nameOf: (login) => users.get(login)?.name,
      ackTargets: () => Object.fromEntries(rules.rules.all().flatMap((r) => (r.ackTargetSeconds ? [[r.id, r.ackTargetSeconds]] : []))),
    }),
    // Reports: the weekly report and a team's day (docs/metrics.md, "Reports").
    reportsRoute({
      access,
      client: store.client,
      scheduler,
      tz: config.FLOOR_TZ,
      weekStart: config.WEEK_START,
      ...thresholds,
      teamName: (id) => roster.team(id)?.name,
      agentName: (id) => roster.agent(id)?.name,
    }),
    sqlRoute({ access, sql: analystSql, log, limit: limits.sqlStatements }),
    staticRoute({ dist: assetPath('web', config.APP_ROOT) }),
  );
  web.use('/api', (_req, res) => {
    res.status(404).json({ error: 'not found' });
  });
  const errors = errorHandler(log);
  web.use(errors);

  // The pre-dial check is asked before every dial, 2,000 a second on a busy floor: it skips Express's
  // router, behind the gates every Express route has first (http/direct-routes.ts). The health probes and
  // the vendors' hooks come before the failure gate in Express; neither shares its path.
  const http = createServer(
    directRoutes({ gates: [headers, draining.middleware, failureGate], routes: [preDialCheck], fallback: web, onError: errors }),
  );
  const io: FloorIo = new IoServer(http, ioOptions());
  // [realtime] Socket.IO is attached below this line.
  ops.metrics.watchSockets(io);
  const features = [
    alertsFeed({ alerts$, actions: rules.alerts }),
    celebrationsFeed({ celebrations$, pointsOf: points.pointsOf }),
    goalsFeed({ goals: goalsView === undefined ? rules.goals : goalsView }),
    me.feature,
    rosterFeed({ changes$: rosterChanges$ }),
    agentBoardFeed({ windows, agents, states: agentStates, stored$: cluster.stored$ }),
    contests.feature,
  ];
  const realtime = await attachRealtime({
    io,
    config,
    access,
    authFailures: limits.authFailures,
    accessChanged$: merge(users.changed$, displays.changed$),
    windows,
    agents,
    stored$: cluster.stored$,
    changes$,
    features,
    scheduler,
    log,
    kpiOf: (counts) => scores.scores.kpiOfDay(counts),
    points: (agentId, at) => points.ledger.todayTotal(agentId, at),
  });

  cluster.open();
  return {
    web,
    direct: [preDialCheck],
    io,
    secrets,
    windows,
    ingest,
    alerts$,
    celebrations$,
    log,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        http.once('error', reject);
        http.listen(port, host, () => resolve(http.address() as AddressInfo));
      }),
    async close() {
      // Stop accepting, answer what is in flight, write what was acknowledged, then let go of ClickHouse.
      const drained = draining.drain(http);
      io.close();
      await realtime.close();
      ops.metrics.close();
      await drained;
      await ingest.flush();
      // The awards of those last batches, written before ClickHouse is let go (points are written once a second).
      await points.ledger.flush().catch((err: unknown) => log.error({ err }, 'points: the last awards were not written'));
      // The checks answered up to the drain, written before ClickHouse is let go (counted every 5 s).
      await checkCounts.flush().catch((err: unknown) => log.error({ err }, 'pre-dial check counts: the last ones were not written'));
      subscriptions.unsubscribe();
      await cluster.close();
      await limits.close();
      ingest.complete();
      changes$.complete();
      alerts$.complete();
      celebrations$.complete();
      rosterChanges$.complete();
    },
  };
}
