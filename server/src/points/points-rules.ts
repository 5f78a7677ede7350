import type { ClickHouseClient } from '@clickhouse/client';
import type { PointsRules, PointsRulesAnswer } from '@floorpulse/shared';
import type { SchedulerLike } from 'rxjs';
import { DEFAULT_POINTS } from './points-defaults.js';
import { loadPointsRules, savePointsRules } from './points-rules-repo.js';

/** What each achievement is worth now: the shipped defaults, under what an admin set (points_rules). */
export class PointsRuleBook {
  private current: PointsRules = { ...DEFAULT_POINTS };
  private updatedAt: number | null = null;
  private updatedBy: string | null = null;

  constructor(private readonly o: { client: ClickHouseClient; scheduler: SchedulerLike }) {}

  async load(): Promise<void> {
    const stored = await loadPointsRules(this.o.client);
    this.current = { ...DEFAULT_POINTS, ...stored.values };
    this.updatedAt = stored.updatedAt;
    this.updatedBy = stored.updatedBy;
  }

  get(): Readonly<PointsRules> {
    return this.current;
  }

  answer(): PointsRulesAnswer {
    return {
      rules: { ...this.current },
      updatedAt: this.updatedAt === null ? null : new Date(this.updatedAt).toISOString(),
      updatedBy: this.updatedBy,
    };
  }

  /** Written first, then used: a change that did not reach ClickHouse is not in force. Awards already made keep their points. */
  async set(rules: PointsRules, by: string): Promise<PointsRulesAnswer> {
    const at = this.o.scheduler.now();
    await savePointsRules(this.o.client, rules, at, by);
    this.current = { ...rules };
    this.updatedAt = at;
    this.updatedBy = by;
    return this.answer();
  }
}
