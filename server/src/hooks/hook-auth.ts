import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { validateRequest } from 'twilio/lib/webhooks/webhooks.js';
import type { HookAuth } from './hook-spec.js';

/** What a post carries for its proof: the raw body, its headers, the form or JSON it parsed to, the URL it was signed for. */
export interface SignedPost {
  raw: Buffer;
  header(name: string): string | undefined;
  query: URLSearchParams;
  /** The form fields (twilio signs them, not the raw body). */
  form: Record<string, string>;
  /** The URL the vendor signed: HOOKS_PUBLIC_URL + the path and query, behind a proxy (twilio). */
  signingUrl: string;
  /** The app's clock, for a JWT's expiry. */
  now: number;
}

/** missing: no proof at all (401); wrong: a proof that does not match (403). */
export type AuthVerdict = 'ok' | 'missing' | 'wrong';

const same = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** Checks a post's proof against the hook's secret (hook-spec.ts, `auth`). Never throws on hostile input. */
export function verifyPost(auth: HookAuth, secret: string, post: SignedPost): AuthVerdict {
  switch (auth.kind) {
    case 'twilio': {
      const signature = post.header('x-twilio-signature');
      if (!signature) return 'missing';
      return validateRequest(secret, signature, post.signingUrl, post.form) ? 'ok' : 'wrong';
    }
    case 'hmac-sha256': {
      const given = post.header(auth.header);
      if (!given) return 'missing';
      const mac = createHmac('sha256', secret).update(post.raw).digest(auth.encoding);
      return same(given.trim(), `${auth.prefix}${mac}`) ? 'ok' : 'wrong';
    }
    case 'jwt-hs256':
      return verifyJwt(secret, post);
    case 'token': {
      const given =
        (auth.header ? post.header(auth.header)?.replace(/^Bearer\s+/i, '') : undefined) ??
        (auth.query ? post.query.get(auth.query) : null);
      if (!given) return 'missing';
      return same(given, secret) ? 'ok' : 'wrong';
    }
  }
}

/**
 * A JWT signed HS256 with the secret (Vonage's signed webhooks): the signature over header.payload, the
 * algorithm named in its header (no `none`), not expired, and its payload_hash the body's SHA-256 when given.
 */
function verifyJwt(secret: string, post: SignedPost): AuthVerdict {
  const bearer = post.header('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (!bearer) return 'missing';
  const [head, body, sig] = bearer.split('.');
  if (!head || !body || sig === undefined) return 'wrong';
  try {
    const header = JSON.parse(Buffer.from(head, 'base64url').toString()) as { alg?: unknown };
    if (header.alg !== 'HS256') return 'wrong';
    const expected = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
    if (!same(sig, expected)) return 'wrong';
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as { exp?: unknown; payload_hash?: unknown };
    if (typeof claims.exp === 'number' && claims.exp * 1000 < post.now) return 'wrong';
    if (typeof claims.payload_hash === 'string' && claims.payload_hash !== createHash('sha256').update(post.raw).digest('hex'))
      return 'wrong';
    return 'ok';
  } catch {
    return 'wrong';
  }
}
