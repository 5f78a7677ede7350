import type { DisplayLink, Refusal, Scope, ScopeLimits, TokenRole } from '@floorpulse/shared';
import { parseScope } from '@floorpulse/shared';
import type { SchedulerLike } from 'rxjs';
import type { AgentLookup } from '../agents/agent-directory.js';
import type { DisplayDirectory } from '../displays/display-directory.js';
import type { UserDirectory } from '../people/user-directory.js';
import { type Principal, tokenPrincipal } from './principal.js';
import { canSee } from './scope-access.js';
import { cookieValue, SESSION_COOKIE, type SessionCodec } from './sessions.js';
import { roleOf } from './tokens.js';

/** What a request or a socket handshake presents: a bearer credential (a token or a display secret) and its cookies. */
export interface Credentials {
  bearer: string | null;
  cookie: string | undefined;
}

export type { Refusal };

export type Verdict = { ok: true; principal: Principal } | { ok: false; refusal: Refusal };

/**
 * Who is asking, for HTTP and Socket.IO alike: a machine token (tokens.ts), a TV's display link
 * (displays/), or a signed-in person's session cookie (people/). A bearer credential wins over a
 * cookie: a script with a token never acts as whoever is signed in in the same browser.
 */
export class Access {
  constructor(
    private readonly o: {
      tokens: Record<TokenRole, string>;
      sessions: SessionCodec;
      users: UserDirectory;
      displays: DisplayDirectory;
      agents: AgentLookup;
      scheduler: SchedulerLike;
    },
  ) {}

  judge(c: Credentials): Verdict {
    if (c.bearer) {
      const role = roleOf(this.o.tokens, c.bearer);
      if (role) return { ok: true, principal: tokenPrincipal(role) };
      const display = this.o.displays.check(c.bearer);
      if (display?.ok) return { ok: true, principal: displayPrincipal(display.link) };
      return { ok: false, refusal: display ? 'display revoked' : 'invalid' };
    }
    const cookie = cookieValue(c.cookie, SESSION_COOKIE);
    if (!cookie) return { ok: false, refusal: 'missing' };
    const claims = this.o.sessions.verify(cookie, this.o.scheduler.now());
    const user = claims ? this.o.users.get(claims.login) : undefined;
    if (!claims || !user?.active || this.o.users.isRevoked(claims.id)) return { ok: false, refusal: 'session ended' };
    const team = user.agentId ? this.o.agents.teamOf(user.agentId) : undefined;
    const limits: ScopeLimits | null =
      user.role === 'agent' ? { teams: team ? [team] : [], agents: user.agentId ? [user.agentId] : [], channels: false } : null;
    return {
      ok: true,
      principal: {
        kind: 'person',
        role: user.role,
        by: user.login,
        name: user.name,
        limits,
        login: user.login,
        teams: user.teams,
        ...(user.agentId ? { agentId: user.agentId } : {}),
        sessionId: claims.id,
      },
    };
  }

  /** A credential that is one of ours (a token or a live display secret): not a guess to count (limits/). */
  isKnown(credential: string): boolean {
    return roleOf(this.o.tokens, credential) !== null || this.o.displays.isSecret(credential);
  }

  /** A display link by id (a display's meta: what its wall shows). */
  display(id: string): DisplayLink | undefined {
    return this.o.displays.get(id);
  }

  /** Whether this principal may read a scope (a display: its wall's; an agent: their own; others: all). */
  canSee(p: Principal, scope: Scope): boolean {
    return canSee(p.limits, scope, this.o.agents.teamOf);
  }

  /** A person's change (POST, PUT, DELETE) must carry their session's CSRF token; a bearer credential is not sent by browsers on its own. */
  csrfOk(p: Principal, header: string | undefined): boolean {
    if (p.kind !== 'person' || !p.sessionId) return true;
    return header !== undefined && header === this.o.sessions.csrf(p.sessionId);
  }
}

/** A display reads its own wall: its scope, that scope's agents and the human-vs-robot panel. */
export function displayPrincipal(link: DisplayLink): Principal {
  const s = parseScope(link.scope as Scope);
  const limits: ScopeLimits | null =
    s.kind === 'floor'
      ? null
      : s.kind === 'team'
        ? { teams: [s.id], agents: 'of-teams', channels: true }
        : s.kind === 'agent'
          ? { teams: [], agents: [s.id], channels: true }
          : { teams: [], agents: [], channels: true };
  return { kind: 'display', role: 'display', by: `display:${link.id}`, name: link.name, limits, displayId: link.id };
}
