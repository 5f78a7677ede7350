import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { UserDirectory } from './user-directory.js';

/**
 * The first admin, so a new floor can sign in at all: when no user exists yet, ADMIN_LOGIN (default
 * `admin`) with ADMIN_PASSWORD, or a generated password kept in DATA_DIR/secrets.json and written to
 * the log once, at its creation (docs/people.md, "The first admin").
 */
export async function ensureFirstAdmin(o: {
  users: UserDirectory;
  login: string;
  password: string | undefined;
  /** Keeps a generated password in secrets.json; returns the file it is in. */
  keepGenerated: (password: string) => string;
  log: Logger;
}): Promise<void> {
  if (o.users.size > 0) return;
  const generated = o.password === undefined;
  const password = o.password ?? randomBytes(12).toString('base64url');
  await o.users.put({ login: o.login, name: 'Administrator', role: 'admin', teams: [], active: true }, password, 'setup');
  if (generated) {
    const file = o.keepGenerated(password);
    o.log.warn(
      { login: o.login, password, file },
      'the first admin was created: sign in with this password and change it (also kept in the file)',
    );
  } else o.log.info({ login: o.login }, 'the first admin was created from ADMIN_LOGIN / ADMIN_PASSWORD');
}
