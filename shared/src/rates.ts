import { z } from 'zod';
import { type Counts, countsSchema, type Rates, ratesSchema } from './metrics.js';
import { isoTime } from './time.js';

/** floor | team:<id> | agent:<id> | channel:human | channel:robot */
export type Scope = 'floor' | `team:${string}` | `agent:${string}` | 'channel:human' | 'channel:robot';
export const WINDOWS = ['15m', '1h', 'today'] as const;
export type WindowName = (typeof WINDOWS)[number];

export const scopeSchema = z
  .string()
  .regex(
    /^(floor|team:[^\s]{1,64}|agent:[^\s]{1,64}|channel:(human|robot))$/,
    'must be floor, team:<id>, agent:<id>, channel:human or channel:robot',
  )
  .transform((s) => s as Scope);
export const windowSchema = z.enum(WINDOWS, { message: 'must be 15m, 1h or today' });

/** One scope over one window: the body of GET /api/v1/rates and of rates:update. */
export interface RatesSnapshot {
  scope: Scope;
  window: WindowName;
  /** Inclusive start, ISO-8601 UTC. */
  from: string;
  /** Exclusive end, ISO-8601 UTC. */
  to: string;
  counts: Counts;
  rates: Rates;
}

export const ratesSnapshotSchema = z.object({
  scope: scopeSchema,
  window: windowSchema,
  from: isoTime,
  to: isoTime,
  counts: countsSchema,
  rates: ratesSchema,
}) satisfies z.ZodType<RatesSnapshot, unknown>;

export function parseScope(
  scope: Scope,
): { kind: 'floor' } | { kind: 'team' | 'agent'; id: string } | { kind: 'channel'; id: 'human' | 'robot' } {
  if (scope === 'floor') return { kind: 'floor' };
  const i = scope.indexOf(':');
  const kind = scope.slice(0, i);
  const id = scope.slice(i + 1);
  if (kind === 'channel') return { kind, id: id === 'robot' ? 'robot' : 'human' };
  return { kind: kind === 'team' ? 'team' : 'agent', id };
}
