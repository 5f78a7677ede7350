import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ANSWERED_BY } from '@floorpulse/shared';
import { z } from 'zod';
import { assetPath } from '../config/app-root.js';

/** A hook mapping that cannot be used: the message names the file and the field. Refused at start. */
export class HookSpecError extends Error {
  override name = 'HookSpecError';
}

/**
 * How a vendor proves a post is its own (docs/connectors.md, "Webhooks"):
 * - twilio: X-Twilio-Signature over the signing URL and the form, checked by the official `twilio` package;
 * - hmac-sha256: an HMAC of the raw body with the hook's secret, in a header (hex or base64, an optional prefix);
 * - jwt-hs256: a JWT signed with the secret in Authorization: Bearer (Vonage's signed webhooks), whose
 *   payload_hash, when present, is the SHA-256 of the body;
 * - token: the secret itself, in a header or, for vendors that can set nothing but a URL, the query.
 */
const auth = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('twilio') }),
  z.strictObject({
    kind: z.literal('hmac-sha256'),
    header: z.string().min(1),
    encoding: z.enum(['hex', 'base64']).default('hex'),
    prefix: z.string().default(''),
  }),
  z.strictObject({ kind: z.literal('jwt-hs256') }),
  z.strictObject({ kind: z.literal('token'), header: z.string().min(1).optional(), query: z.string().min(1).optional() }),
]);
export type HookAuth = z.infer<typeof auth>;

const field = z.string().min(1);
/** When an event happened: a field and how it is written; `local` is "YYYY-MM-DD HH:mm:ss" in the hook's zone. */
const time = z.strictObject({ field, format: z.enum(['iso', 'rfc2822', 'epoch-s', 'epoch-ms', 'local']) });
const emit = z.strictObject({
  type: z.enum(['call.dialed', 'call.answered', 'call.ended']),
  /** call.ended: whether the call was answered. */
  answered: z.boolean().optional(),
  hangupBy: z.enum(['customer', 'agent', 'system']).optional(),
  abandoned: z.boolean().optional(),
  /** call.answered: the AMD result this status itself means (Vonage's human and machine statuses). */
  answeredBy: z.enum(ANSWERED_BY).optional(),
  /** A time field of its own for this event (else the hook's `time`). */
  at: field.optional(),
});
export type HookEmit = z.infer<typeof emit>;

const specSchema = z
  .strictObject({
    $comment: z.string().optional(),
    auth,
    format: z.enum(['form', 'json']),
    /** The vendor's id of the call: with the event's type it makes the event id, so a retry counts once. */
    callId: field,
    status: field,
    time: time.optional(),
    /** The IANA zone of `local` times (容联七陌 writes Beijing time). */
    zone: z.string().default('UTC'),
    phone: field.optional(),
    /** The vendor writes international numbers as digits without the + (Vonage: 8613911110001). */
    phoneInternational: z.boolean().default(false),
    /** Talk seconds: a field of seconds, or the time between two time fields. */
    talkSeconds: z.union([z.strictObject({ field }), z.strictObject({ from: field, to: field })]).optional(),
    answeredBy: z.strictObject({ field, values: z.record(z.string(), z.enum(ANSWERED_BY)) }).optional(),
    /** Who made the call: the mapping file's keys (DIALER_MAPPING), else agentId/teamId fields the dialer sets itself. */
    identity: z
      .strictObject({
        extensions: z.array(field).default([]),
        queues: z.array(field).default([]),
        campaigns: z.array(field).default([]),
        agentId: field.optional(),
        teamId: field.optional(),
      })
      .default({ extensions: [], queues: [], campaigns: [] }),
    /**
     * Posts that count: each field, when the vendor sends it, must hold one of its values (an outbound floor
     * counts its dial-outs, not the inbound calls the same account reports). Others are acknowledged, ignored.
     */
    only: z.record(z.string(), z.array(z.string()).min(1)).default({}),
    /** Status value → the events it means (a final status may repeat earlier ones: their ids make them duplicates). */
    statuses: z.record(z.string(), z.array(emit).min(1)),
    /** Status values acknowledged and not mapped (ringing, queued): a 200, counted as ignored. */
    ignore: z.array(z.string()).default([]),
  })
  .superRefine((s, ctx) => {
    for (const [status, list] of Object.entries(s.statuses))
      for (const [i, e] of list.entries()) {
        if (e.at !== undefined && !s.time)
          ctx.addIssue({ code: 'custom', path: ['statuses', status, i, 'at'], message: 'needs a time format' });
        if (e.type === 'call.ended' && e.answered === undefined)
          ctx.addIssue({ code: 'custom', path: ['statuses', status, i, 'answered'], message: 'is required on call.ended' });
      }
    if (s.auth.kind === 'token' && !s.auth.header && !s.auth.query)
      ctx.addIssue({ code: 'custom', path: ['auth'], message: 'a token needs a header or a query parameter' });
  });
export type HookSpec = z.infer<typeof specSchema> & { name: string };

export function parseHookSpec(name: string, text: string, file = `${name}.json`): HookSpec {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new HookSpecError(`${file}: not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const parsed = specSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new HookSpecError(`${file}: ${issue?.path.map(String).join('.') || 'mapping'}: ${issue?.message ?? 'invalid'}`);
  }
  return { ...parsed.data, name };
}

/**
 * The mapping files shipped with FloorPulse (server/src/hooks/mappings/<name>.json, an asset found from
 * the app root: `appRoot` is config.APP_ROOT): the hook's name is the file's.
 */
export function loadHookSpecs(appRoot?: string, dir = assetPath('hookMappings', appRoot)): Map<string, HookSpec> {
  const specs = new Map<string, HookSpec>();
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const name = file.slice(0, -'.json'.length);
    specs.set(name, parseHookSpec(name, readFileSync(path.join(dir, file), 'utf8'), file));
  }
  return specs;
}
