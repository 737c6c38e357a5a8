// Lantern's home tenant, as an administrator would set it up: the sign-in app's enterprise app (service principal,
// carrying the app's roles) and a user assigned the Lantern.Admin app role, which Entra then puts in id tokens' `roles`.
import { createAppServicePrincipal, servicePrincipalByAppId } from './consent.js';
import { appRoleAssignmentId, entropyFrom } from './ids.js';
import { LANTERN_ADMIN_APP_ROLE } from './lantern-app.js';
import type { AppRegistration } from './store.js';
import type { Tenant } from './tenant.js';
import type { AppRoleAssignment } from './types.js';

export interface LanternAdminInput {
  tenant: Tenant;
  app: AppRegistration;
  userId: string;
  /** ISO time of the assignment. */
  at: string;
  newId: () => string;
}

/** Creates the app's service principal when missing and assigns the user Lantern.Admin on it; idempotent. */
export function assignLanternAdmin({ tenant, app, userId, at, newId }: LanternAdminInput): AppRoleAssignment {
  const sp = servicePrincipalByAppId(tenant, app.appId) ?? createAppServicePrincipal(tenant, app, newId());
  for (const a of tenant.appRoleAssignments.values())
    if (a.principalId === userId && a.resourceId === sp.id && a.appRoleId === LANTERN_ADMIN_APP_ROLE.id) return a;
  const assignment: AppRoleAssignment = {
    id: appRoleAssignmentId(userId, entropyFrom(newId())),
    appRoleId: LANTERN_ADMIN_APP_ROLE.id,
    createdDateTime: at,
    deletedDateTime: null,
    principalDisplayName: tenant.users.get(userId)?.displayName ?? '',
    principalId: userId,
    principalType: 'User',
    resourceDisplayName: sp.displayName,
    resourceId: sp.id,
  };
  tenant.putAppRoleAssignment(assignment);
  return assignment;
}
