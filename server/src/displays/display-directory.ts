import { createHash, randomBytes } from 'node:crypto';
import type { ClickHouseClient } from '@clickhouse/client';
import type { DisplayLink } from '@floorpulse/shared';
import { type Observable, type SchedulerLike, Subject } from 'rxjs';
import { insertDisplay, loadDisplays, type StoredDisplay } from './display-repo.js';

/** No display link with that id. HTTP → 404. */
export class DisplayNotFoundError extends Error {}

/** The prefix tells an operator what a leaked string is; 32 random bytes make it unguessable. */
const SECRET_PREFIX = 'disp_';

const hashOf = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** What a display's secret is checked against on every request of its wall. */
export type DisplayCheck = { ok: true; link: DisplayLink } | { ok: false; revoked: boolean };

/**
 * The TVs' display links (docs/people.md, "Display links"): created and revoked by an admin, looked up
 * by the SHA-256 of the secret a wall presents. In memory for every request; refreshed from ClickHouse
 * every 10 s with several processes, like the users.
 */
export class DisplayDirectory {
  private byId = new Map<string, StoredDisplay>();
  private bySecret = new Map<string, string>();
  private readonly changes = new Subject<void>();
  /** After a revocation or a refresh: the screens connected with a link are judged again (realtime/access-recheck.ts). */
  readonly changed$: Observable<void> = this.changes.asObservable();

  constructor(private readonly o: { client: ClickHouseClient; scheduler: SchedulerLike }) {}

  async refresh(): Promise<void> {
    const all = await loadDisplays(this.o.client);
    this.byId = new Map(all.map((d) => [d.id, d]));
    this.bySecret = new Map(all.map((d) => [d.secretHash, d.id]));
    this.changes.next();
  }

  list(): DisplayLink[] {
    return [...this.byId.values()].map(publicLink);
  }

  isSecret(credential: string): boolean {
    return credential.startsWith(SECRET_PREFIX) && this.bySecret.has(hashOf(credential));
  }

  /** A presented secret: its live link, or whether it belonged to a revoked one (the wall says so). */
  check(secret: string): DisplayCheck | null {
    if (!secret.startsWith(SECRET_PREFIX)) return null;
    const id = this.bySecret.get(hashOf(secret));
    const link = id === undefined ? undefined : this.byId.get(id);
    if (!link) return null;
    return link.revokedAt ? { ok: false, revoked: true } : { ok: true, link: publicLink(link) };
  }

  get(id: string): DisplayLink | undefined {
    const d = this.byId.get(id);
    return d ? publicLink(d) : undefined;
  }

  /** A new link and its secret, which is shown this once (only its hash is kept). */
  async create(
    link: Omit<DisplayLink, 'id' | 'createdAt' | 'createdBy' | 'revokedAt'>,
    by: string,
  ): Promise<{ link: DisplayLink; secret: string }> {
    const now = this.o.scheduler.now();
    const secret = SECRET_PREFIX + randomBytes(32).toString('base64url');
    const stored: StoredDisplay = {
      ...link,
      id: randomBytes(8).toString('hex'),
      createdAt: new Date(now).toISOString(),
      createdBy: by,
      secretHash: hashOf(secret),
    };
    await insertDisplay(this.o.client, stored, now, by);
    this.byId.set(stored.id, stored);
    this.bySecret.set(stored.secretHash, stored.id);
    return { link: publicLink(stored), secret };
  }

  async revoke(id: string, by: string): Promise<DisplayLink> {
    const d = this.byId.get(id);
    if (!d) throw new DisplayNotFoundError(id);
    if (d.revokedAt) return publicLink(d);
    const now = this.o.scheduler.now();
    const revoked: StoredDisplay = { ...d, revokedAt: new Date(now).toISOString() };
    await insertDisplay(this.o.client, revoked, now, by);
    this.byId.set(id, revoked);
    this.changes.next();
    return publicLink(revoked);
  }
}

function publicLink(d: StoredDisplay): DisplayLink {
  const { secretHash: _hash, ...link } = d;
  return link;
}
