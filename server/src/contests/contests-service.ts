import { randomUUID } from 'node:crypto';
import type { ClickHouseClient } from '@clickhouse/client';
import type { Celebration, Contest, ContestBoard, ContestRequest, ContestResult, StoredEvent } from '@floorpulse/shared';
import { type SchedulerLike, Subject } from 'rxjs';
import type { AgentDirectory } from '../agents/agent-directory.js';
import type { CelebrationLedger } from '../celebrations/celebration-ledger.js';
import type { Thresholds } from '../pipeline/windows/contribution.js';
import { contestPoint, fullStandings, statusAt, winnersOf } from './contest-rules.js';
import { type ContestWindow, contestPointsFromSql, standingsFromSql } from './contest-sql.js';
import { ContestTally } from './contest-tally.js';
import { insertContest, insertResult, loadContests, loadResults } from './contests-repo.js';

/**
 * 5 s after a window closes: the dialers' last events of it are stored by then (ingest flushes within a
 * second, docs/realtime.md); the result is decided from SQL after this, never before.
 */
export const CLOSE_GRACE_MS = 5_000;
/** A decided contest stays on the walls this long, its winner shown on its bar. */
export const SHOW_DECIDED_MS = 10 * 60_000;
/** A scheduled contest shows on the walls this long before it starts. */
export const SHOW_SCHEDULED_MS = 60 * 60_000;

interface Live {
  contest: Contest;
  version: number;
  ids: Set<string>;
  tally: ContestTally;
  result?: ContestResult | undefined;
}

export interface ContestsServiceOptions {
  client: ClickHouseClient;
  scheduler: SchedulerLike;
  thresholds: Thresholds;
  agents: Pick<AgentDirectory, 'nameOf' | 'teamNameOf'>;
  ledger: Pick<CelebrationLedger, 'fire'>;
  /** A phone number typed into a contest's name is masked before it is stored or shown (ingest/phone-mask.ts). */
  maskText: (s: string) => string;
  log: { error(o: object, msg: string): void };
}

/**
 * Contests (docs/rules.md, "Contests"): stored in ClickHouse, counted live from the stored batches (never
 * by polling ClickHouse), decided from SQL when the window closes or the target is reached, announced once
 * through the celebration ledger (id contest:<id>), and the result stored so a restart does not decide again.
 */
export class ContestsService {
  private readonly all = new Map<string, Live>();
  /** Something on the boards may have changed: the feed sends them (contests-feed.ts). */
  readonly changed$ = new Subject<void>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: ContestsServiceOptions) {}

  async load(): Promise<void> {
    const [rows, results] = await Promise.all([loadContests(this.o.client), loadResults(this.o.client)]);
    for (const { contest, version } of rows) {
      const result = results.get(contest.id);
      const live = this.track(contest, version, result);
      if (!result && !contest.cancelledAt) await this.seed(live);
    }
  }

  /**
   * Several processes on one ClickHouse (REDIS_URL): the contests another process started or cancelled,
   * and the results it wrote, read every 10 s (index.ts). A result read here is never decided again.
   */
  async refresh(): Promise<void> {
    const [rows, results] = await Promise.all([loadContests(this.o.client), loadResults(this.o.client)]);
    for (const { contest, version } of rows) {
      const known = this.all.get(contest.id);
      const result = results.get(contest.id);
      if (!known) {
        const live = this.track(contest, version, result);
        if (!result && !contest.cancelledAt) await this.seed(live);
        continue;
      }
      if (version > known.version) {
        known.contest = contest;
        known.version = version;
      }
      if (result && !known.result) known.result = result;
    }
    this.changed$.next();
  }

  /** Stores a new contest (validated by the route: contest-validation.ts) and starts counting it. */
  async create(req: ContestRequest, by: string): Promise<ContestBoard> {
    const now = this.o.scheduler.now();
    const contest: Contest = {
      id: randomUUID(),
      name: this.o.maskText(req.name),
      kind: req.kind,
      metric: req.metric,
      from: new Date(Date.parse(req.from)).toISOString(),
      to: new Date(Date.parse(req.to)).toISOString(),
      ...(req.kind === 'target' ? { target: req.target } : {}),
      participants: req.participants,
      createdBy: by,
      createdAt: new Date(now).toISOString(),
    };
    await insertContest(this.o.client, contest, now);
    const live = this.track(contest, now);
    await this.seed(live);
    this.changed$.next();
    return this.board(live, now);
  }

  /** Cancels a contest not decided yet; null when there is none, 'decided' when it is too late. */
  async cancel(id: string, by: string): Promise<ContestBoard | null | 'decided'> {
    const live = this.all.get(id);
    if (!live) return null;
    if (live.result) return 'decided';
    const now = this.o.scheduler.now();
    if (live.contest.cancelledAt) return this.board(live, now);
    const contest: Contest = { ...live.contest, cancelledAt: new Date(now).toISOString(), cancelledBy: by };
    const version = Math.max(live.version + 1, now);
    await insertContest(this.o.client, contest, version);
    live.contest = contest;
    live.version = version;
    this.changed$.next();
    return this.board(live, now);
  }

  now(): number {
    return this.o.scheduler.now();
  }

  /** The window a result counts: [from, to), or [from, first reach] of a decided race to a target. */
  resultWindow(id: string): ContestWindow | undefined {
    const live = this.all.get(id);
    if (!live) return undefined;
    const w = this.window(live);
    const r = live.result;
    return r && live.contest.kind === 'target' && r.winners.length > 0 ? { ...w, toMs: Date.parse(r.closedAt) + 1 } : w;
  }

  get(id: string): Contest | undefined {
    return this.all.get(id)?.contest;
  }

  /** Every contest, newest window first (the history page). */
  list(): ContestBoard[] {
    const now = this.o.scheduler.now();
    return [...this.all.values()].sort(newestFirst).map((l) => this.board(l, now));
  }

  /** What the walls show: running ones, those starting within the hour, those decided in the last 10 minutes. */
  onWalls(): ContestBoard[] {
    const now = this.o.scheduler.now();
    // Filtered before the boards are built: this runs twice a second, and history only grows.
    const shown = (l: Live): boolean => {
      if (l.contest.cancelledAt) return false;
      if (l.result) return now - Date.parse(l.result.decidedAt) <= SHOW_DECIDED_MS;
      return Date.parse(l.contest.from) - now <= SHOW_SCHEDULED_MS;
    };
    return [...this.all.values()]
      .filter(shown)
      .sort(newestFirst)
      .map((l) => this.board(l, now));
  }

  /** A stored batch: its events counted into the contests they belong to; a target reached decides at once. */
  noteStored(events: readonly StoredEvent[]): void {
    let moved = false;
    for (const live of this.all.values()) {
      if (live.result || live.contest.cancelledAt) continue;
      const w = this.window(live);
      const c = { ...live.contest, fromMs: w.fromMs, toMs: w.toMs };
      let mine = false;
      for (const e of events) {
        const p = contestPoint(e, c, live.ids, this.o.thresholds);
        if (p && live.tally.add(p.participant, e.id, e.ts, p.value)) mine = true;
      }
      moved ||= mine;
      if (mine) this.checkReach(live);
    }
    if (moved) this.changed$.next();
  }

  /** The clock moved (1 s ticks): closes windows, and moves contests from scheduled to running on the boards. */
  tick(): void {
    const now = this.o.scheduler.now();
    for (const live of this.all.values()) {
      if (!live.result && !live.contest.cancelledAt && now >= Date.parse(live.contest.to) + CLOSE_GRACE_MS) this.decideLater(live);
    }
    this.changed$.next();
  }

  /** Waits for the decisions asked for so far (tests, and close). */
  settled(): Promise<unknown> {
    return this.queue;
  }

  /** A race to a target is decided the moment someone is at it (at start too: it may have been reached while down). */
  private checkReach(live: Live): void {
    if (live.contest.kind === 'target' && live.tally.reached(live.contest.target ?? Infinity)) this.decideLater(live);
  }

  private decideLater(live: Live): void {
    const run = this.queue.then(() => this.decide(live));
    this.queue = run.catch((err: unknown) => this.o.log.error({ err, contest: live.contest.id }, 'contest: decision failed'));
  }

  /** From SQL: the result equals SQL for the window by construction. Announced first, then stored (see docs/rules.md). */
  private async decide(live: Live): Promise<void> {
    if (live.result || live.contest.cancelledAt) return;
    const c = live.contest;
    const now = this.o.scheduler.now();
    const w = this.window(live);
    let closedAt = w.toMs;
    let standings = fullStandings(c, await standingsFromSql(this.o.client, w));
    if (c.kind === 'target') {
      const first = winnersOf(c, standings);
      if (first.length === 0 && now < w.toMs + CLOSE_GRACE_MS) return; // not reached yet after all
      if (first.length > 0) {
        // The race ends at the first reach: the others' standings are theirs at that instant.
        closedAt = Date.parse(standings.find((s) => s.participant === first[0])!.reachedAt!);
        standings = fullStandings(c, await standingsFromSql(this.o.client, { ...w, toMs: closedAt + 1 }));
      }
    }
    const result: ContestResult = {
      decidedAt: new Date(now).toISOString(),
      closedAt: new Date(closedAt).toISOString(),
      winners: winnersOf(c, standings),
      standings,
    };
    if (result.winners.length > 0) await this.o.ledger.fire(this.celebration(c, result), 'contest');
    await insertResult(this.o.client, c.id, result);
    live.result = result;
    // The result holds the standings now: the counted events can go.
    live.tally = new ContestTally();
    this.changed$.next();
  }

  private celebration(c: Contest, r: ContestResult): Celebration {
    const names = r.winners.map((p) => (p.startsWith('team:') ? this.o.agents.teamNameOf(p.slice(5)) : this.o.agents.nameOf(p.slice(6))));
    const value = r.standings.find((s) => s.participant === r.winners[0])?.value ?? 0;
    const only = r.winners.length === 1 ? r.winners[0]! : null;
    return {
      id: `contest:${c.id}`,
      kind: 'contest',
      ...(only?.startsWith('agent:') ? { agentId: only.slice(6) } : {}),
      ...(only?.startsWith('team:') ? { teamId: only.slice(5) } : {}),
      title: c.name,
      detail: `${names.join(', ')} won ${c.name} with ${value} ${c.metric}`,
      at: r.decidedAt,
      wording: { rule: 'contest', vars: { name: c.name, winners: names.join(', '), value, metric: c.metric } },
    };
  }

  private track(contest: Contest, version: number, result?: ContestResult): Live {
    const live: Live = {
      contest,
      version,
      ids: new Set(contest.participants),
      tally: new ContestTally(),
      ...(result ? { result } : {}),
    };
    this.all.set(contest.id, live);
    return live;
  }

  /** The window's events already stored: counted by id, so a batch that also arrives live counts once. */
  private async seed(live: Live): Promise<void> {
    for (const p of await contestPointsFromSql(this.o.client, this.window(live))) live.tally.add(p.participant, p.id, p.ts, p.value);
    this.checkReach(live);
  }

  private window(live: Live): ContestWindow {
    const c = live.contest;
    return { contest: c, fromMs: Date.parse(c.from), toMs: Date.parse(c.to), effectiveSeconds: this.o.thresholds.effectiveSeconds };
  }

  private board(live: Live, now: number): ContestBoard {
    const status = statusAt(live.contest, now, live.result !== undefined);
    const standings = live.result ? live.result.standings : fullStandings(live.contest, live.tally.standings(live.contest.target));
    return { contest: live.contest, status, standings, ...(live.result ? { result: live.result } : {}) };
  }
}

const newestFirst = (a: Live, b: Live): number =>
  Date.parse(b.contest.from) - Date.parse(a.contest.from) || (a.contest.id < b.contest.id ? -1 : 1);
