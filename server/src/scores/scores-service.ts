import type { ClickHouseClient } from '@clickhouse/client';
import {
  type AgentScores,
  type Counts,
  KPI_PARTS,
  type MyScoresAnswer,
  QUALITY_PARTS,
  SCORE_PERIODS,
  type ScorePeriod,
  type ScoresAnswer,
  type ScoreTargets,
  type ScoreWeights,
  type ScoreWeightsAnswer,
} from '@floorpulse/shared';
import type { SchedulerLike } from 'rxjs';
import type { AgentLookup } from '../agents/agent-directory.js';
import { periodRange } from '../goals/goal-periods.js';
import { dayKpi } from './day-kpi.js';
import { queryScores, type ScoreRow } from './score-sql.js';
import { insertWeights, loadWeights, type StoredWeights } from './weights-repo.js';

/**
 * The weighted scores (docs/metrics.md, "Weighted scores"): the admin's weights (kept in memory, stored in
 * score_weights) and each window's scores, straight from SCORES_SQL, so every number shown is the query's.
 */
/** With several processes an admin's PUT lands on one: the others re-read the weights at most this stale. */
const WEIGHTS_REFRESH_MS = 10_000;

export class ScoresService {
  private stored: StoredWeights | null = null;
  private loadedAt = 0;

  constructor(
    private readonly o: {
      client: ClickHouseClient;
      agents: AgentLookup;
      scheduler: SchedulerLike;
      /** The floor's zone (FLOOR_TZ). */
      zone: string;
      /** An agent's team's zone, if the roster gives it one: its day, week and month are its team's. */
      zoneOfTeam: (teamId: string) => string | undefined;
      targets: ScoreTargets;
    },
  ) {}

  async load(): Promise<void> {
    const now = this.o.scheduler.now();
    this.stored = await loadWeights(this.o.client);
    this.loadedAt = now;
  }

  /** The weights, re-read when older than WEIGHTS_REFRESH_MS (a higher version written by another process). */
  private async fresh(): Promise<void> {
    const now = this.o.scheduler.now();
    if (now - this.loadedAt < WEIGHTS_REFRESH_MS && now >= this.loadedAt) return;
    const latest = await loadWeights(this.o.client);
    if (latest.version >= this.current().version) this.stored = latest;
    this.loadedAt = now;
  }

  private current(): StoredWeights {
    if (!this.stored) throw new Error('scores: load() first');
    return this.stored;
  }

  async weights(): Promise<ScoreWeightsAnswer> {
    await this.fresh();
    return this.answer();
  }

  private answer(): ScoreWeightsAnswer {
    const s = this.current();
    return { weights: s.weights, version: s.version, by: s.by, targets: this.o.targets };
  }

  async setWeights(weights: ScoreWeights, by: string): Promise<ScoreWeightsAnswer> {
    // Re-read first: another process may have written a higher version since this one loaded.
    const latest = await loadWeights(this.o.client);
    const next = { weights, version: Math.max(latest.version, this.current().version) + 1, by };
    await insertWeights(this.o.client, next, this.o.scheduler.now());
    this.stored = next;
    this.loadedAt = this.o.scheduler.now();
    return this.answer();
  }

  /** Today's KPI score of one agent's live counts (the wall's rank=kpi board), with the weights held now. */
  kpiOfDay(c: Counts): number | null {
    return dayKpi(c, this.current().weights, this.o.targets);
  }

  /** Every agent with events in the floor's day, week or month holding `now`. */
  async window(period: ScorePeriod, now = this.o.scheduler.now(), zone = this.o.zone): Promise<ScoresAnswer> {
    const { from, to } = periodRange(period, now, zone);
    await this.fresh();
    const rows = await this.query(from, to, zone);
    const s = this.current();
    return { period, zone, ...iso(from, to), weights: s.weights, targets: this.o.targets, agents: rows.map((r) => this.cardOf(r)) };
  }

  /** Scores of [from, to) in `zone` (days for volume are that zone's). */
  async range(from: number, to: number, zone: string, agent?: string): Promise<AgentScores[]> {
    await this.fresh();
    return (await this.query(from, to, zone, agent)).map((r) => this.cardOf(r));
  }

  async mine(agentId: string): Promise<MyScoresAnswer> {
    const team = this.o.agents.teamOf(agentId);
    const zone = (team && this.o.zoneOfTeam(team)) || this.o.zone;
    const now = this.o.scheduler.now();
    await this.fresh();
    const periods = await Promise.all(
      SCORE_PERIODS.map(async (period) => {
        const { from, to } = periodRange(period, now, zone);
        const [row] = await this.query(from, to, zone, agentId);
        return { period, zone, ...iso(from, to), scores: row ? this.cardOf(row) : null };
      }),
    );
    return { periods };
  }

  private query(from: number, to: number, zone: string, agent?: string): Promise<ScoreRow[]> {
    return queryScores(this.o.client, {
      from,
      to,
      zone,
      weights: this.current().weights,
      targets: this.o.targets,
      ...(agent ? { agent } : {}),
    });
  }

  private cardOf(r: ScoreRow): AgentScores {
    const w = this.current().weights;
    return {
      agentId: r.agentId,
      name: this.o.agents.nameOf(r.agentId),
      teamId: this.o.agents.teamOf(r.agentId) ?? '',
      counts: r.counts,
      kpi: { score: r.kpi, parts: KPI_PARTS.map((part) => ({ part, weight: w.kpi[part], value: r.parts[part] ?? null })) },
      quality: { score: r.quality, parts: QUALITY_PARTS.map((part) => ({ part, weight: w.quality[part], value: r.parts[part] ?? null })) },
    };
  }
}

const iso = (from: number, to: number) => ({ from: new Date(from).toISOString(), to: new Date(to).toISOString() });
