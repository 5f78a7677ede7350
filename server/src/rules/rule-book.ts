import { readFileSync } from 'node:fs';
import type { ClickHouseClient } from '@clickhouse/client';
import type { SchedulerLike } from 'rxjs';
import { z } from 'zod';
import { assetPath } from '../config/app-root.js';
import { type Rule, type RuleInput, ruleSchema } from '../pipeline/rules/rule.js';
import { insertRuleOverride, loadRuleOverrides } from './rules-repo.js';

/** The ten default rules (docs/rules.md, "Rules as data"), from the repository file, validated like an admin's override. */
export function defaultRules(appRoot?: string): Rule[] {
  const raw: unknown = JSON.parse(readFileSync(assetPath('defaultRules', appRoot), 'utf8'));
  return z.array(ruleSchema).parse(raw);
}

/**
 * The rules in force: the defaults with admin overrides on top (docs/rules.md). An override replaces
 * the rule of its id wholesale; a new id adds a rule. `all()` is read on every evaluation, so a PUT
 * takes effect at the next change or tick.
 */
export class RuleBook {
  private readonly rules = new Map<string, Rule>();

  constructor(private readonly o: { client: ClickHouseClient; scheduler: SchedulerLike; defaults?: Rule[] }) {
    for (const r of o.defaults ?? defaultRules()) this.rules.set(r.id, r);
  }

  /** Overrides from ClickHouse; one that no longer validates (an older schema) is skipped, named in the result. */
  async load(): Promise<string[]> {
    const skipped: string[] = [];
    for (const raw of await loadRuleOverrides(this.o.client)) {
      const r = ruleSchema.safeParse(raw);
      if (r.success) this.rules.set(r.data.id, r.data);
      else skipped.push(typeof raw === 'object' && raw && 'id' in raw ? String(raw.id) : '?');
    }
    return skipped;
  }

  all(): Rule[] {
    return [...this.rules.values()];
  }

  get(id: string): Rule | undefined {
    return this.rules.get(id);
  }

  async put(rule: RuleInput, by: string): Promise<Rule> {
    const parsed = ruleSchema.parse(rule);
    await insertRuleOverride(this.o.client, parsed.id, parsed, by, this.o.scheduler.now());
    this.rules.set(parsed.id, parsed);
    return parsed;
  }
}
