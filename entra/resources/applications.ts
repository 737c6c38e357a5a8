// Service principals → enterprise applications (resources with app-role and owner entitlements), or principals
// when they are workload identities (managed identities) that hold access rather than offer it.
import { entitlementIds } from '../../domain/entitlement-id.js';
import { type EntitlementRow, type PrincipalRow, type ResourceRow } from './rows.js';

export const MICROSOFT_FIRST_PARTY_TENANT = 'f8cdef31-a31e-4b4a-93e4-5f571e91255a';
export const DEFAULT_ACCESS_ROLE_ID = '00000000-0000-0000-0000-000000000000';

export const SERVICE_PRINCIPAL_SELECT = [
  'id',
  'appId',
  'displayName',
  'appDisplayName',
  'appOwnerOrganizationId',
  'appRoleAssignmentRequired',
  'appRoles',
  'servicePrincipalType',
  'tags',
  'accountEnabled',
  'verifiedPublisher',
  'homepage',
];

export interface GraphAppRole {
  id: string;
  displayName?: string | null;
  value?: string | null;
  isEnabled?: boolean;
  allowedMemberTypes?: string[];
}

export interface GraphServicePrincipal {
  id: string;
  appId?: string;
  displayName?: string | null;
  appDisplayName?: string | null;
  appOwnerOrganizationId?: string | null;
  appRoleAssignmentRequired?: boolean;
  appRoles?: GraphAppRole[];
  servicePrincipalType?: string | null;
  tags?: string[];
  accountEnabled?: boolean | null;
  verifiedPublisher?: { displayName?: string | null } | null;
  homepage?: string | null;
}

export type AppOrigin = 'ownTenant' | 'microsoft' | 'thirdParty';

export function appOriginOf(sp: GraphServicePrincipal, tenantId: string): AppOrigin {
  if (sp.appOwnerOrganizationId === MICROSOFT_FIRST_PARTY_TENANT) return 'microsoft';
  if (sp.appOwnerOrganizationId && sp.appOwnerOrganizationId.toLowerCase() === tenantId.toLowerCase())
    return 'ownTenant';
  return 'thirdParty';
}

export function isManagedIdentity(sp: GraphServicePrincipal): boolean {
  return sp.servicePrincipalType === 'ManagedIdentity';
}

export function managedIdentityToPrincipal(sp: GraphServicePrincipal): PrincipalRow {
  return {
    id: sp.id,
    kind: 'managedIdentity',
    displayName: sp.displayName ?? sp.id,
    userPrincipalName: null,
    mail: null,
    userType: null,
    accountEnabled: sp.accountEnabled ?? true,
    department: null,
    jobTitle: null,
    employeeId: null,
    employeeType: null,
    managerId: null,
    lastSignInAt: null,
    attributes: {
      appId: sp.appId ?? null,
      alternativeKind: (sp.tags ?? []).includes('UserAssigned') ? 'userAssigned' : 'systemAssigned',
    },
  };
}

export function servicePrincipalToResource(
  sp: GraphServicePrincipal,
  tenantId: string,
  options: { scim?: boolean } = {},
): ResourceRow {
  return {
    id: sp.id,
    type: 'application',
    displayName: sp.displayName ?? sp.appDisplayName ?? sp.id,
    description: null,
    immutable: false,
    immutableReason: null,
    attributes: {
      appId: sp.appId ?? null,
      origin: appOriginOf(sp, tenantId),
      publisher: sp.verifiedPublisher?.displayName ?? null,
      verifiedPublisher: Boolean(sp.verifiedPublisher?.displayName),
      enterpriseApp: (sp.tags ?? []).includes('WindowsAzureActiveDirectoryIntegratedApp'),
      appRoleAssignmentRequired: sp.appRoleAssignmentRequired ?? false,
      accountEnabled: sp.accountEnabled ?? true,
      scimProvisioned: options.scim ?? false,
      homepage: sp.homepage ?? null,
    },
  };
}

/** One entitlement per user/group-assignable app role (or the default-access role when there is none), plus ownership. */
export function applicationEntitlements(resource: ResourceRow, appRoles: GraphAppRole[] = []): EntitlementRow[] {
  const assignable = appRoles.filter((r) => r.isEnabled !== false && (r.allowedMemberTypes ?? []).includes('User'));
  const roles = assignable.length ? assignable : [{ id: DEFAULT_ACCESS_ROLE_ID, displayName: 'Default Access' }];
  return [
    ...roles.map((role): EntitlementRow => ({
      id: entitlementIds.appRole(resource.id, role.id),
      resourceId: resource.id,
      resourceType: 'application',
      kind: 'appRole',
      displayName: `${role.displayName ?? role.value ?? role.id} in ${resource.displayName}`,
      appRoleId: role.id,
      immutable: false,
    })),
    {
      id: entitlementIds.appOwner(resource.id),
      resourceId: resource.id,
      resourceType: 'application',
      kind: 'owner',
      displayName: `Owner of ${resource.displayName}`,
      appRoleId: null,
      immutable: false,
    },
  ];
}
