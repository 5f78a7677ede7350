import express, { Router } from 'express';
import { Counter, type Registry } from 'prom-client';
import type { SchedulerLike } from 'rxjs';
import type { Mapping } from '../dialers/mapping-file.js';
import { Resolver } from '../dialers/resolver.js';
import type { IngestService } from '../ingest/ingest-service.js';
import type { AuthFailures } from '../limits/auth-failures.js';
import { clientAddress } from '../limits/client-address.js';
import type { IntegrityReport } from '../storage/integrity/integrity.js';
import { readHookPost, vendorField } from './hook-post.js';
import type { HookSpec } from './hook-spec.js';

export interface HooksDeps {
  specs: ReadonlyMap<string, HookSpec>;
  /** HOOK_SECRETS: a hook without a secret is closed (every post a 401). */
  secrets: ReadonlyMap<string, string>;
  /** HOOKS_PUBLIC_URL: the origin the vendor signed, behind a proxy. */
  publicUrl: string | undefined;
  mapping: Mapping;
  ingest: Pick<IngestService, 'ingest'>;
  integrity: IntegrityReport;
  scheduler: SchedulerLike;
  registry: Registry;
  /** The failed-authentication budget per address (AUTH_FAILURE_LIMIT): a wrong proof spends it like a wrong token. */
  failures: Pick<AuthFailures, 'judge'>;
}

const RESULTS = [
  'accepted',
  'duplicate',
  'ignored',
  'unmapped',
  'invalid',
  'unauthenticated',
  'forbidden',
  'throttled',
  'unknown_hook',
] as const;
type Result = (typeof RESULTS)[number];

/** "a=b,c=d" → a map (HOOK_SECRETS). */
export function parseHookSecrets(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of text.split(',').filter((p) => p !== '')) {
    const at = part.indexOf('=');
    out.set(part.slice(0, at), part.slice(at + 1));
  }
  return out;
}

/**
 * POST /api/v1/hooks/:name (docs/connectors.md "Webhooks"): a cloud dialer's status callback, proved by the
 * hook's own secret (hook-auth.ts), mapped by its declarative file (mappings/<name>.json) to call events
 * that go through the same IngestService as POST /api/v1/events (hashed phones, one count per id). No
 * proof: 401; a wrong one: 403; a payload the mapping cannot read: 400 naming the vendor's field. Every
 * post is counted by result. Not a role's route: a hook's secret lets its vendor post there and nothing else.
 */
export function hooksRoute(deps: HooksDeps): Router {
  const posts = new Counter({
    name: 'floorpulse_hook_posts_total',
    help: 'Webhook posts by hook and result: accepted, duplicate (a retry), ignored (a status not mapped), unmapped (an agent the mapping drops), invalid (400), unauthenticated (401), forbidden (403), throttled (429: the address is past AUTH_FAILURE_LIMIT), unknown_hook (404)',
    labelNames: ['hook', 'result'],
    registers: [deps.registry],
  });
  const unmapped = new Counter({
    name: 'floorpulse_hook_unmapped_total',
    help: 'Webhook events whose agent or disposition the dialer mapping (DIALER_MAPPING) does not know',
    labelNames: ['hook', 'kind'],
    registers: [deps.registry],
  });
  for (const hook of deps.specs.keys()) for (const result of RESULTS) posts.inc({ hook, result }, 0);
  const resolvers = new Map(
    [...deps.specs.keys()].map((hook) => [
      hook,
      new Resolver(deps.mapping, {
        countUnknownAgent: () => unmapped.inc({ hook, kind: 'agent' }),
        countUnknownOutcome: () => unmapped.inc({ hook, kind: 'outcome' }),
      }),
    ]),
  );

  const router = Router();
  router.post('/api/v1/hooks/:name', express.raw({ type: () => true, limit: '1mb' }), async (req, res, next) => {
    const name = String(req.params.name);
    const spec = deps.specs.get(name);
    const answer = (hook: string, result: Result, status: number, body: object) => {
      posts.inc({ hook, result });
      res.status(status).json(body);
    };
    // An unknown name is counted under one label: a scanner must not grow the metric's series.
    if (!spec) return answer('(unknown)', 'unknown_hook', 404, { error: `hook: no hook named ${JSON.stringify(name.slice(0, 40))}` });
    // An address past the failure budget is refused before its proof is judged, as everywhere (http-gates.ts).
    const address = clientAddress(req);
    const blocked = await deps.failures.judge(address, null);
    if (blocked.refused) {
      res.setHeader('Retry-After', String(blocked.retryAfterSeconds));
      return answer(name, 'throttled', 429, { error: 'too many failed authentications from this address: retry later' });
    }
    const secret = deps.secrets.get(name);
    if (!secret) return answer(name, 'unauthenticated', 401, { error: `hook ${name} is closed: HOOK_SECRETS has no secret for it` });
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const origin = deps.publicUrl?.replace(/\/+$/, '') ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
    const reading = readHookPost(
      spec,
      secret,
      {
        raw,
        query: new URL(req.originalUrl, 'http://x').searchParams,
        header: (h) => req.get(h) ?? undefined,
        signingUrl: `${origin}${req.originalUrl}`,
        now: deps.scheduler.now(),
      },
      resolvers.get(name)!,
    );
    if (reading.kind === 'refused') {
      // A guess at the secret: counted against the address (a missing proof is not a guess, and counts nothing).
      if (reading.result === 'forbidden') await deps.failures.judge(address, `hook:${name}`);
      return answer(name, reading.result, reading.status, { error: reading.error });
    }
    if (!deps.integrity.ok)
      return void res.status(503).json({ error: 'storage integrity check failed at start: nothing was accepted; see the server log' });
    if (reading.kind === 'ignored') return answer(name, 'ignored', 200, { accepted: 0, duplicates: 0, ignored: reading.status });
    if (reading.kind === 'unmapped') return answer(name, 'unmapped', 200, { accepted: 0, duplicates: 0, unmapped: true });
    try {
      const { refused, ...result } = await deps.ingest.ingest(reading.events.map((value) => ({ ok: true as const, value })));
      const problem = refused ?? result.rejected[0]?.error;
      if (problem !== undefined) return answer(name, 'invalid', 400, { error: vendorField(spec, problem), ...result });
      return answer(name, result.accepted > 0 ? 'accepted' : 'duplicate', 200, result);
    } catch (e) {
      next(e);
    }
  });
  return router;
}
