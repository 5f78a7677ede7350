import { type AnsweredBy, type CallEvent, localToUtc } from '@floorpulse/shared';
import { sourceId } from '../dialers/event-id.js';
import type { Identity } from '../dialers/mapping-file.js';
import type { Resolver } from '../dialers/resolver.js';
import type { HookEmit, HookSpec } from './hook-spec.js';

/** A payload the mapping cannot read: a 400 naming the vendor's field. */
export class HookPayloadError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/** What one post means: the events to ingest, or a status the mapping acknowledges and ignores. */
export type Mapped = { kind: 'events'; events: CallEvent[] } | { kind: 'ignored'; status: string } | { kind: 'unmapped' };

/** A vendor's payload as fields: form fields, or JSON (dotted paths reach into objects). */
export type Fields = (name: string) => string | undefined;

export function formFields(form: Record<string, string>, query: URLSearchParams): Fields {
  return (name) => form[name] ?? query.get(name) ?? undefined;
}

export function jsonFields(body: unknown, query: URLSearchParams): Fields {
  return (name) => {
    let v: unknown = body;
    for (const part of name.split('.')) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    return query.get(name) ?? undefined;
  };
}

/**
 * One vendor post → FloorPulse call events, by the hook's declarative mapping (hook-spec.ts). Ids come from
 * the vendor's call id and the event's type (`wh:<hook>:<call>:<type>`): a retry of the same status, or a
 * final status that repeats an earlier event, is a duplicate the ingest drops. `now` stands in for a time
 * the vendor did not send.
 */
export function mapHookPost(spec: HookSpec, get: Fields, resolver: Resolver, now: number): Mapped {
  const status = get(spec.status);
  if (status === undefined || status === '') throw new HookPayloadError(spec.status, 'is required');
  if (spec.ignore.includes(status)) return { kind: 'ignored', status };
  for (const [name, values] of Object.entries(spec.only)) {
    const v = get(name);
    if (v !== undefined && v !== '' && !values.includes(v)) return { kind: 'ignored', status: `${name}=${v.slice(0, 40)}` };
  }
  const emits = spec.statuses[status];
  if (!emits) throw new HookPayloadError(spec.status, `unknown status ${JSON.stringify(status.slice(0, 40))}`);
  const callId = get(spec.callId);
  if (!callId) throw new HookPayloadError(spec.callId, 'is required');
  const who = identityOf(spec, get, resolver);
  if (!who) return { kind: 'unmapped' };
  const events = emits.map((e) => eventOf(spec, e, get, who, callId, now));
  return { kind: 'events', events };
}

function identityOf(spec: HookSpec, get: Fields, resolver: Resolver): Identity | null {
  const values = (fields: readonly string[]) => fields.map(get).filter((v): v is string => v !== undefined && v !== '');
  const extensions = values(spec.identity.extensions);
  // A row of the mapping file wins; the dialer's own ids (set in the callback URL) are the next best.
  const mapped = extensions.length > 0 ? resolver.agentByExtension(extensions) : undefined;
  if (mapped) return mapped;
  const agentId = spec.identity.agentId ? get(spec.identity.agentId) : undefined;
  const teamId = spec.identity.teamId ? get(spec.identity.teamId) : undefined;
  if (agentId && teamId) return { agentId, teamId, channel: 'human' };
  return resolver.resolve({ extensions, queues: values(spec.identity.queues), campaigns: values(spec.identity.campaigns) });
}

function eventOf(spec: HookSpec, e: HookEmit, get: Fields, who: Identity, callId: string, now: number): CallEvent {
  const ts = timeOf(spec, e.at ?? spec.time?.field, get) ?? now;
  const base = {
    id: sourceId('wh', [spec.name, callId, e.type.slice('call.'.length)]),
    ts,
    teamId: who.teamId,
    agentId: who.agentId,
    callId,
    channel: who.channel,
    ...(who.campaignId ? { campaignId: who.campaignId } : {}),
  };
  if (e.type === 'call.dialed') {
    const given = spec.phone ? get(spec.phone) : undefined;
    const phone = given && spec.phoneInternational && /^\d+$/.test(given) ? `+${given}` : given;
    return { ...base, type: 'call.dialed', ...(phone ? { phone } : {}) };
  }
  if (e.type === 'call.answered') {
    const answeredBy = e.answeredBy ?? answeredByOf(spec, get);
    return { ...base, type: 'call.answered', ...(answeredBy ? { answeredBy } : {}) };
  }
  const answered = e.answered === true;
  return {
    ...base,
    type: 'call.ended',
    answered,
    talkSeconds: answered ? talkSecondsOf(spec, get) : 0,
    hangupBy: e.hangupBy ?? (answered ? 'customer' : 'system'),
    ...(e.abandoned !== undefined && answered ? { abandoned: e.abandoned } : {}),
  };
}

function answeredByOf(spec: HookSpec, get: Fields): AnsweredBy | undefined {
  if (!spec.answeredBy) return undefined;
  const v = get(spec.answeredBy.field);
  if (v === undefined || v === '') return undefined;
  return spec.answeredBy.values[v] ?? 'unknown';
}

function talkSecondsOf(spec: HookSpec, get: Fields): number {
  const t = spec.talkSeconds;
  if (!t) return 0;
  if ('field' in t) {
    const v = get(t.field);
    if (v === undefined || v === '') return 0;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new HookPayloadError(t.field, 'must be a number of seconds');
    return n;
  }
  const from = timeOf(spec, t.from, get);
  const to = timeOf(spec, t.to, get);
  return from !== undefined && to !== undefined ? Math.max(0, (to - from) / 1000) : 0;
}

function timeOf(spec: HookSpec, name: string | undefined, get: Fields): number | undefined {
  if (!name || !spec.time) return undefined;
  const v = get(name);
  if (v === undefined || v === '') return undefined;
  const ms = parseTime(v, spec.time.format, spec.zone);
  if (!Number.isFinite(ms)) throw new HookPayloadError(name, `is not a ${spec.time.format} time`);
  return ms;
}

function parseTime(v: string, format: NonNullable<HookSpec['time']>['format'], zone: string): number {
  switch (format) {
    case 'epoch-s':
      return /^\d+(\.\d+)?$/.test(v) ? Math.round(Number(v) * 1000) : Number.NaN;
    case 'epoch-ms':
      return /^\d+$/.test(v) ? Number(v) : Number.NaN;
    case 'iso':
      return /T.*(Z|[+-]\d{2}:?\d{2})$/.test(v) ? Date.parse(v) : Number.NaN;
    case 'rfc2822':
      return /[+-]\d{4}$|GMT$/.test(v.trim()) ? Date.parse(v) : Number.NaN;
    case 'local':
      return localTime(v, zone);
  }
}

/** "YYYY-MM-DD HH:mm:ss" on the wall clock of `zone` → epoch ms (the zone's offset at that moment). */
function localTime(v: string, zone: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(v);
  if (!m) return Number.NaN;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  // Zones change their offset on whole minutes: the seconds add on after.
  return localToUtc(y, mo, d, h, mi, zone) + s * 1000;
}
