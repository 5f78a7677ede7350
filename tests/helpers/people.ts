import type { PersonRole } from '@floorpulse/shared';
import { TOKENS } from './server.js';

/** A person signed in through the real session route: their cookie header and CSRF token. */
export interface Session {
  login: string;
  cookie: string;
  csrf: string;
  /** Headers for a request as this person (a change carries the CSRF token). */
  headers: Record<string, string>;
}

/** Creates (or changes) a user through the admin API. */
export async function putUser(
  url: string,
  u: { login: string; name?: string; role: PersonRole; password?: string; agentId?: string; teams?: string[]; active?: boolean },
): Promise<void> {
  const res = await fetch(`${url}/api/v1/users/${u.login}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${TOKENS.ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      name: u.name ?? u.login,
      role: u.role,
      teams: u.teams ?? [],
      active: u.active ?? true,
      ...(u.agentId ? { agentId: u.agentId } : {}),
      ...(u.password ? { password: u.password } : {}),
    }),
  });
  if (res.status !== 200) throw new Error(`PUT user ${u.login}: ${res.status} ${await res.text()}`);
}

export async function signIn(url: string, login: string, password: string): Promise<Session> {
  const res = await fetch(`${url}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in ${login}: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { csrf } = (await res.json()) as { csrf: string };
  return { login, cookie, csrf, headers: { cookie, 'x-csrf-token': csrf } };
}

/** A user created and signed in, in one go. */
export async function person(url: string, u: Parameters<typeof putUser>[1] & { password: string }): Promise<Session> {
  await putUser(url, u);
  return signIn(url, u.login, u.password);
}

/** A display link created through the admin API: its secret (the TV's credential) and id. */
export async function createDisplay(
  url: string,
  body: { name: string; scope: string; rotate?: number; lang?: 'en' | 'zh-CN'; frameAncestors?: string[] },
): Promise<{ id: string; secret: string }> {
  const res = await fetch(`${url}/api/v1/displays`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKENS.ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`POST display: ${res.status} ${await res.text()}`);
  const answer = (await res.json()) as { link: { id: string }; secret: string };
  return { id: answer.link.id, secret: answer.secret };
}
