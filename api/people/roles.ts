// A signed-in person's roles, decided from Entra as the catalog last saw it, at request time (cached per session for
// at most a minute, so a sync's changes apply within a minute without a query per request):
// - admin: the Lantern.Admin app role in the home tenant (from the id token), or membership of an admin group;
// - requester + approver: an enabled member user of a connected tenant (approval rights per request are decided by
//   the approvals code); a guest: requester only;
// - nothing else (a home-tenant person without a role may still see / and /api/v1/me).
import type { Kysely } from 'kysely';
import { ADMIN_APP_ROLE } from '../../catalog/people/admins.js';
import {
  connectedConnectorIds,
  findDirectoryPerson,
  isMemberOfAnyGroup,
  type DirectoryPerson,
} from '../../catalog/people/directory.js';
import type { CatalogSchema } from '../../catalog/schema.js';
import type { AuthSettings } from '../../config/auth-schema.js';
import type { Role } from '../http/auth.js';

/** The app role value that makes a home-tenant person an admin (defined beside the catalog's list of admins). */
export { ADMIN_APP_ROLE };
export const ROLE_CACHE_MS = 60_000;
const MAX_CACHED = 10_000;

export interface PersonKey {
  objectId: string;
  tenantId: string;
  appRoles: readonly string[];
}

/** `disabled`: the catalog lists the person as disabled: their session must end. */
export interface PersonStanding {
  roles: Role[];
  disabled: boolean;
}

export async function standingOf(
  db: Kysely<CatalogSchema>,
  auth: Pick<AuthSettings, 'homeTenantId' | 'adminGroupIds'>,
  person: PersonKey,
): Promise<PersonStanding> {
  const connectors = await connectedConnectorIds(db, person.tenantId);
  const [directory, inAdminGroup] = await Promise.all([
    findDirectoryPerson(db, connectors, person.objectId),
    isMemberOfAnyGroup(db, connectors, person.objectId, auth.adminGroupIds),
  ]);
  if (directory && !directory.enabled) return { roles: [], disabled: true };
  const roles = new Set<Role>(directoryRoles(directory));
  const homeAdmin = person.tenantId === auth.homeTenantId && person.appRoles.includes(ADMIN_APP_ROLE);
  if (homeAdmin || inAdminGroup) roles.add('admin');
  return { roles: [...roles], disabled: false };
}

function directoryRoles(directory: DirectoryPerson | null): Role[] {
  if (!directory) return [];
  return directory.userType === 'Guest' ? ['requester'] : ['requester', 'approver'];
}

/** standingOf, remembered per session for ROLE_CACHE_MS. */
export function createStandingCache(
  resolve: (person: PersonKey) => Promise<PersonStanding>,
  now: () => number = Date.now,
) {
  const cache = new Map<string, { standing: PersonStanding; at: number }>();
  return {
    async get(sessionKey: string, person: PersonKey): Promise<PersonStanding> {
      const hit = cache.get(sessionKey);
      if (hit && now() - hit.at < ROLE_CACHE_MS) return hit.standing;
      const standing = await resolve(person);
      if (cache.size >= MAX_CACHED) cache.clear();
      cache.set(sessionKey, { standing, at: now() });
      return standing;
    },
    forget(sessionKey: string): void {
      cache.delete(sessionKey);
    },
  };
}
