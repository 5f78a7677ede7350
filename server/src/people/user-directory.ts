import type { ClickHouseClient } from '@clickhouse/client';
import type { User } from '@floorpulse/shared';
import { type Observable, type SchedulerLike, Subject } from 'rxjs';
import { hashPassword } from '../auth/passwords.js';
import { insertRevocation, insertUser, loadRevocations, loadUsers, type StoredUser } from './users-repo.js';

/** No user with that login. HTTP → 404. */
export class UserNotFoundError extends Error {}

/**
 * The users and the revoked sessions, in memory for every request's check, stored in ClickHouse for
 * restarts and history. Several processes (REDIS_URL) each refresh from ClickHouse every 10 s, so a
 * user disabled or a session signed out on one is refused by all within that time (docs/people.md).
 */
export class UserDirectory {
  private users = new Map<string, StoredUser>();
  private revoked = new Set<string>();
  private readonly changes = new Subject<void>();
  /** After a user changed, a session was signed out, or a refresh: the sockets are judged again (realtime/access-recheck.ts). */
  readonly changed$: Observable<void> = this.changes.asObservable();

  constructor(private readonly o: { client: ClickHouseClient; scheduler: SchedulerLike }) {}

  async refresh(): Promise<void> {
    const [users, revoked] = await Promise.all([loadUsers(this.o.client), loadRevocations(this.o.client, this.o.scheduler.now())]);
    this.users = new Map(users.map((u) => [u.login, u]));
    this.revoked = new Set(revoked);
    this.changes.next();
  }

  get(login: string): StoredUser | undefined {
    return this.users.get(login);
  }

  list(): User[] {
    return [...this.users.values()].map(publicUser);
  }

  get size(): number {
    return this.users.size;
  }

  /** Creates or changes a user; a password given is hashed, none keeps the one it had. */
  async put(user: User, password: string | undefined, by: string): Promise<User> {
    const before = this.users.get(user.login);
    const passwordHash = password === undefined ? (before?.passwordHash ?? '') : await hashPassword(password);
    const stored: StoredUser = { ...user, passwordHash };
    await insertUser(this.o.client, stored, this.o.scheduler.now(), by);
    this.users.set(user.login, stored);
    this.changes.next();
    return publicUser(stored);
  }

  isRevoked(sessionId: string): boolean {
    return this.revoked.has(sessionId);
  }

  async revoke(sessionId: string, expiresAt: number, by: string): Promise<void> {
    await insertRevocation(this.o.client, { sessionId, expiresAt, at: this.o.scheduler.now(), by });
    this.revoked.add(sessionId);
    this.changes.next();
  }
}

export function publicUser(u: StoredUser): User {
  const { passwordHash: _hash, ...user } = u;
  return user;
}
