import { hasRole, type Role } from '@floorpulse/shared';

/**
 * The app's pages and who may open each (the server answers index.html for every one of them:
 * server/src/http/static-route.ts). A page's component is `components/<name>/<Name>Page.vue`, found by
 * App.vue; a role opening a page that is not for it is sent to its own page.
 */
export const PAGE_ROLES: Record<string, (role: Role) => boolean> = {
  // A display or a viewer and up; an agent's screen is /me (the floor's wall is not theirs to read).
  '/wall': (r) => hasRole(r, 'wall') && r !== 'agent',
  '/supervisor': (r) => hasRole(r, 'supervisor'),
  '/history': (r) => hasRole(r, 'viewer'),
  // A supervisor opens it for its Contests tab only (the other tabs' APIs are an admin's).
  '/admin': (r) => r === 'admin' || r === 'supervisor',
  '/me': (r) => r === 'agent',
  // A team's day: opens for anyone signed in, so a viewer or an agent is told it is for supervisors
  // (the page says so, and GET /api/v1/reports/team-day refuses them) instead of being sent elsewhere.
  '/report': () => true,
};

/** The address parameter naming the page someone asked for that was not theirs (components/common/CommonNotYours.vue). */
export const NOT_FOR = 'notFor';

/** Where a role lands after signing in, or when it opens a page that is not for it. */
export function homeOf(role: Role): string {
  switch (role) {
    case 'agent':
      return '/me';
    case 'supervisor':
      return '/supervisor';
    case 'analyst':
      return '/history';
    case 'admin':
      return '/admin';
    default:
      return '/wall';
  }
}

/** A path from the address bar, without a trailing slash; '/' for the root. */
export function pagePath(pathname: string): string {
  return pathname.replace(/\/+$/, '') || '/';
}

/**
 * Where to go after signing in: the page the person came from (`?next=/supervisor?scope=floor`) if it is
 * one of ours and theirs, else their role's page. Only a path of this origin: never `//elsewhere`.
 */
export function afterSignIn(next: string | null, role: Role): string {
  if (next && /^\/(?![/\\])/.test(next)) {
    const path = pagePath(new URL(next, 'http://floorpulse.invalid').pathname);
    if (PAGE_ROLES[path]?.(role)) return next;
  }
  return homeOf(role);
}
