/** Roles in increasing power. ANALYST reads history and runs read-only SQL; INGEST only writes events. */
export const ROLES = ['ingest', 'viewer', 'supervisor', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Which roles satisfy a requirement: admin satisfies everything; ingest only ingest. */
const GRANTS: Record<Role, readonly Role[]> = {
  ingest: ['ingest'],
  viewer: ['viewer'],
  supervisor: ['viewer', 'supervisor'],
  analyst: ['viewer', 'analyst'],
  admin: ['ingest', 'viewer', 'supervisor', 'analyst', 'admin'],
};
export function hasRole(have: Role, need: Role): boolean {
  return GRANTS[have].includes(need);
}
