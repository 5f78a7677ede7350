import type { CallEvent } from '@floorpulse/shared';
import type { Resolver } from '../dialers/resolver.js';
import { type SignedPost, verifyPost } from './hook-auth.js';
import { type Fields, formFields, HookPayloadError, jsonFields, mapHookPost } from './hook-map.js';
import type { HookSpec } from './hook-spec.js';

/** A post as it arrived: FloorPulse's route and the webhook relay (tools/connectors/webhook) read the same way. */
export interface HookRequest {
  raw: Buffer;
  query: URLSearchParams;
  header(name: string): string | undefined;
  /** The URL the vendor signed (its public origin + the path and query). */
  signingUrl: string;
  now: number;
}

/**
 * What one vendor post means, before anything is stored: refused (401 no proof, 403 a wrong one, 400 a
 * payload the mapping cannot read), acknowledged without events (a status the mapping ignores, an agent it
 * drops), or events. `guess` marks a wrong proof, which the caller counts against the address.
 */
export type HookReading =
  | { kind: 'refused'; result: 'unauthenticated' | 'forbidden' | 'invalid'; status: 400 | 401 | 403; error: string }
  | { kind: 'ignored'; status: string }
  | { kind: 'unmapped' }
  | { kind: 'events'; events: CallEvent[] };

/**
 * Proof first (a post without one learns nothing about its body), then the body by the hook's format,
 * then the declarative mapping. Never throws on hostile input: every problem is a refusal naming the field.
 */
export function readHookPost(spec: HookSpec, secret: string, req: HookRequest, resolver: Resolver): HookReading {
  let form: Record<string, string> = {};
  let json: unknown = {};
  let notJson = false;
  if (spec.format === 'form') form = Object.fromEntries(new URLSearchParams(req.raw.toString('utf8')));
  else if (req.raw.length > 0) {
    try {
      json = JSON.parse(req.raw.toString('utf8'));
    } catch {
      notJson = true;
    }
  }
  const post: SignedPost = { raw: req.raw, header: req.header, query: req.query, form, signingUrl: req.signingUrl, now: req.now };
  const verdict = verifyPost(spec.auth, secret, post);
  if (verdict === 'missing') return { kind: 'refused', result: 'unauthenticated', status: 401, error: `${proofName(spec)}: is missing` };
  if (verdict === 'wrong') return { kind: 'refused', result: 'forbidden', status: 403, error: `${proofName(spec)}: does not match` };
  if (notJson) return { kind: 'refused', result: 'invalid', status: 400, error: 'body: is not valid JSON' };
  const fields: Fields = spec.format === 'form' ? formFields(form, req.query) : jsonFields(json, req.query);
  try {
    return mapHookPost(spec, fields, resolver, req.now);
  } catch (e) {
    if (e instanceof HookPayloadError) return { kind: 'refused', result: 'invalid', status: 400, error: e.message };
    throw e;
  }
}

/** The proof a hook wants, as the error names it. */
function proofName(spec: HookSpec): string {
  const a = spec.auth;
  if (a.kind === 'twilio') return 'X-Twilio-Signature';
  if (a.kind === 'hmac-sha256') return a.header;
  if (a.kind === 'jwt-hs256') return 'Authorization';
  return a.header ?? `query ${a.query}`;
}

/** An error naming the contract's field, told in the vendor's: "phone: …" → "To: … (phone)". */
export function vendorField(spec: HookSpec, error: string): string {
  const ours = error.slice(0, error.indexOf(':'));
  const theirs: Record<string, string | undefined> = {
    phone: spec.phone,
    ts: spec.time?.field,
    callId: spec.callId,
    answeredBy: spec.answeredBy?.field,
    talkSeconds: spec.talkSeconds && 'field' in spec.talkSeconds ? spec.talkSeconds.field : undefined,
    agentId: spec.identity.agentId,
    teamId: spec.identity.teamId,
  };
  const field = theirs[ours];
  return field ? `${field}${error.slice(ours.length)} (${ours})` : error;
}
